/**
 * `--help` that a new user can act on: examples per command, and `run`'s
 * many options grouped (load, target, OpenIM, hang detection, output). The
 * groups come from the settings table's rows; this only orders the options
 * by them and appends the examples, so an option without a row still shows,
 * under "Other options".
 */
import type { Command, Option } from 'commander';
import { envPrefix } from '../config/env-flags.js';
import { runInvocationFlags, runRows } from '../config/run-settings.js';
import { helpGroups, longFlag } from '../config/setting.js';

/** The first commands of a new user (README's quick start). */
const topExamples: readonly string[] = [
  'imstress run --users 100        # drive 100 users against the embedded v3.5.1 gateway model',
  'imstress run --help             # every run option, grouped, with examples',
  'imstress report reports/<file>.json --html report.html',
];

/** `run`'s help groups, in display order: each long flag (and its other form) in its row's group. */
const runGroups: ReadonlyArray<readonly [string, readonly string[]]> = helpGroups.map((group) => [
  `${group}:`,
  [
    ...runInvocationFlags.filter((f) => f.group === group).map((f) => f.flag.split(' ')[0] ?? f.flag),
    ...runRows
      .filter(([, r]) => r.group === group)
      .flatMap(([, r]) => {
        const flag = longFlag(r);
        const other = flag.startsWith('--no-')
          ? `--${flag.slice('--no-'.length)}`
          : r.negation !== undefined
            ? `--no-${flag.slice(2)}`
            : null;
        return other === null ? [flag] : [flag, other];
      }),
  ],
]);

/** Examples per command, shown after its options. */
const examples: Readonly<Record<string, readonly string[]>> = {
  run: [
    'imstress run --users 100                                  # the embedded v3.5.1 model: wedges, exit 5',
    'imstress run --users 100 --gateway-mode v3.8 --duration 30s  # the fixed model: ok',
    'imstress run --scenario scenarios/ci-smoke.yaml --target ws://gw:10001 --metrics-url http://gw:20140/metrics',
    'imstress run --target ws://gw:10001 --api-url http://gw:10002 --secret "$SECRET" --threshold "reply.p99<200ms" --html',
    'IMSTRESS_USERS=500 IMSTRESS_DURATION=2m imstress run --target ws://gw:10001',
  ],
  gateway: [
    'imstress gateway                      # v3.5.1 on 10001 (ws), 10002 (REST), 20140 (metrics)',
    'imstress gateway --mode v3.8 --port 0 --json   # free ports, their URLs as JSON on stdout',
  ],
  compare: [
    'imstress compare reports/before.json reports/after.json',
    'imstress compare base.json head.json --max-regression reply.p99=10% --max-regression errors=+0 --markdown compare.md',
    'imstress compare base.json head.json --html compare.html',
  ],
  report: [
    'imstress report reports/run.json                    # the terminal summary again',
    'imstress report reports/run.json --junit junit.xml --html report.html --markdown summary.md',
  ],
  merge: ['imstress merge shard-0.json shard-1.json -o merged.json'],
  version: ['imstress version', 'imstress -v'],
};

/** Groups `run`'s options and adds every command's examples (call after all commands are registered). */
export function decorateHelp(program: Command): void {
  program.addHelpText('after', `\nExamples:\n${topExamples.map((l) => `  $ ${l}`).join('\n')}`);
  for (const cmd of program.commands) {
    if (cmd.name() === 'run') groupRunOptions(cmd);
    const ex = examples[cmd.name()];
    if (ex !== undefined) cmd.addHelpText('after', `\nExamples:\n${ex.map((l) => `  $ ${l}`).join('\n')}`);
    if (cmd.name() === 'run') {
      cmd.addHelpText(
        'after',
        `\nEnvironment: every option above except --scenario and --html also comes from ${envPrefix}<OPTION>\n` +
          `(--ramp-up: ${envPrefix}RAMP_UP, --no-register: ${envPrefix}REGISTER=false; ${envPrefix}THRESHOLD comma-separated, ${envPrefix}GATEWAY_ARG space-separated).\n` +
          'Precedence: defaults < scenario file < environment < flags. See docs/environment.md.',
      );
    }
  }
}

function groupRunOptions(cmd: Command): void {
  const groupOf = new Map<string, string>();
  for (const [heading, flags] of runGroups) for (const f of flags) groupOf.set(f, heading);
  // Options are listed by group in the order groups first appear: declare that order with the first group's first option.
  const order = new Map(runGroups.map(([h], i) => [h, i]));
  const sorted = [...cmd.options].sort(
    (a, b) =>
      (order.get(groupOf.get(a.long ?? '') ?? '') ?? runGroups.length) - (order.get(groupOf.get(b.long ?? '') ?? '') ?? runGroups.length),
  );
  // Sorting only changes the listing: commander matches options by name, not position.
  (cmd.options as Option[]).splice(0, cmd.options.length, ...sorted);
  for (const o of cmd.options) o.helpGroup(groupOf.get(o.long ?? '') ?? 'Other options:');
}
