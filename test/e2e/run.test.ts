/**
 * `imstress run` end to end: the built CLI in a child process against the
 * embedded gateway (itself a child of the CLI). Outcomes are asserted from
 * exit codes, output and the written report — never from timings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wedgeRunArgs, wedgeRunTimeoutMs } from '../helpers/wedge.js';
import { runCli as runCliProcess, type CliRun } from '../helpers/cli.js';

const runCli = (
  args: readonly string[],
  opts: { timeoutMs: number; onStderr?: (text: string, kill: (sig: NodeJS.Signals) => void) => void },
): Promise<CliRun> =>
  runCliProcess(args, { timeoutMs: opts.timeoutMs, onStderr: (text, child) => opts.onStderr?.(text, (sig) => child.kill(sig)) });

const tmp = (): string => mkdtempSync(join(tmpdir(), 'imstress-e2e-'));
const readJson = (p: string): Record<string, any> => JSON.parse(readFileSync(p, 'utf8')) as Record<string, any>;

function gatewayPid(stderr: string): number | null {
  const m = /child process (\d+)/.exec(stderr);
  return m === null ? null : Number(m[1]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('v3.5.1 (the reproducer, --until-hang, small queues, 5 ms status RPC): the gateway wedges, imstress exits 5 naming the stuck phases, with the task dump', async () => {
  const dir = tmp();
  const report = join(dir, 'r.json');
  const r = await runCli([...wedgeRunArgs, '--report', report, '--progress', 'plain'], { timeoutMs: wedgeRunTimeoutMs });
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stderr, /EMBEDDED MODEL/);
  assert.match(r.stderr, /^HANG at \d\d:\d\d — no progress for/m);
  assert.match(r.stderr, /open but silent/);
  const rep = readJson(report);
  assert.equal(rep['verdict'].status, 'hang');
  assert.equal(rep['hang'].kind, 'open-but-silent');
  assert.ok(rep['hang'].openSilent > 0);
  assert.match(
    rep['hang'].dump.text,
    /msggateway\.\(\*WsServer\)\.UnRegister\(\.\.\.\)\n\t\S+\nmsggateway\.\(\*Client\)\.close\(\.\.\.\)\n\t\S+\nmsggateway\.\(\*Client\)\.KickOnlineMessage/,
    'the dump shows the self-send',
  );
  // Issue #16: the digest's first line is the loop, blocked sending to unregisterChan from inside registerClient,
  // and the diff against the baseline dump says it was serving before the load.
  const digest = rep['hang'].digest;
  assert.match(
    digest.groups[0].line,
    /^1× goroutine \d+ \[chan send, [\d.]+ s\] on unregisterChan: WsServer\.Run\.func1 → WsServer\.registerClient → .*WsServer\.UnRegister/,
  );
  assert.match(
    digest.sentences[0],
    /^the loop in msggateway\.\(\*WsServer\)\.Run\.func1 \(n_ws_server\.go\) is blocked sending to unregisterChan from inside its own iteration .*it was serving in the baseline \(select on [^)]*unregisterChan/,
  );
  assert.equal(digest.baseline, true);
  assert.equal(digest.later, true);
  assert.match(
    r.stderr,
    /goroutine dump digest \(\d+ goroutines; the hang dump, a later one, the baseline before the load\):\n {4}the loop in/,
  );
  assert.ok(rep['totals'].replies > 0, 'it worked before it wedged');
  assert.ok(rep['phases'].stall.raw.count > 0, 'stuck waits are in the stall histogram');
  const pid = gatewayPid(r.stderr);
  assert.ok(pid !== null && !alive(pid), 'the gateway child is gone');
});

// A 5 ms status RPC keeps the register loop behind the churn, the regime in which §13 saw the ghosts; at 1 ms
// the two loops sometimes keep up and no ghost forms (measured: bimodal).
test('blog-fix: runs its whole duration without a hang; the drain check finds ghost sessions (exit 7)', async () => {
  const dir = tmp();
  const report = join(dir, 'r.json');
  const r = await runCli(
    [
      'run',
      '--users',
      '100',
      '--duration',
      '20s',
      '--gateway-mode',
      'blog-fix',
      '--gateway-arg=--status-rpc',
      '--gateway-arg=5ms',
      '--drain-timeout',
      '5s',
      '--report',
      report,
    ],
    { timeoutMs: 90_000 },
  );
  const rep = readJson(report);
  assert.equal(rep['hang'], null, r.stderr);
  assert.equal(rep['end'], 'completed');
  assert.ok(rep['drain'].ghosts > 0, `ghosts: ${JSON.stringify(rep['drain'])}`);
  assert.equal(r.code, 7, r.stderr);
  assert.match(r.stderr, /^LEAK — \d+ ghost sessions/m);
});

test('v3.8: no hang, no leak (exit 0); --json prints the report on stdout', async () => {
  const dir = tmp();
  const report = join(dir, 'r.json');
  const r = await runCli(['run', '--users', '50', '--duration', '8s', '--gateway-mode', 'v3.8', '--report', report, '--json'], {
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 0, r.stderr);
  const printed = JSON.parse(r.stdout) as Record<string, any>;
  assert.equal(printed['verdict'].status, 'ok');
  assert.deepEqual(printed, readJson(report));
  assert.ok(printed['totals'].iterations > 0);
  assert.equal(typeof printed['phases'].reply.histogram, 'string');
});

test('slow is not stuck: 2 s message RPCs and a saturated no-kick loop are never flagged as a hang', async () => {
  const dir = tmp();
  // The two runs are independent (each its own gateway child and report), so they run side by side: the test
  // takes one run's time, not two. The slow one mostly waits on its 2 s RPCs; the saturated one then also
  // shares the machine with it, which only makes "never flagged as a hang" a harder claim.
  const [slow, saturated] = await Promise.all([
    runCli(
      [
        'run',
        '--users',
        '20',
        '--duration',
        '15s',
        '--gateway-arg=--msg-rpc',
        '--gateway-arg=2s',
        '--reply-timeout',
        '10s',
        '--hang-window',
        '5s',
        '--stall-threshold',
        '1s',
        '--report',
        join(dir, 'slow.json'),
      ],
      { timeoutMs: 90_000 },
    ),
    runCli(['run', '--users', '100', '--duration', '15s', '--gateway-arg=--policy', '--gateway-arg=0', '--report', join(dir, 'sat.json')], {
      timeoutMs: 90_000,
    }),
  ]);
  const s = readJson(join(dir, 'slow.json'));
  assert.equal(s['hang'], null, slow.stderr);
  assert.notEqual(slow.code, 5);
  assert.ok(s['phases'].reply.raw.p50 >= 1900, 'replies really were slow');
  const t = readJson(join(dir, 'sat.json'));
  assert.equal(t['hang'], null, saturated.stderr);
  assert.notEqual(saturated.code, 5);
});

test('Ctrl-C: a partial report marked interrupted, exit 130, no gateway child left', async () => {
  const dir = tmp();
  const report = join(dir, 'r.json');
  let sent = false;
  const r = await runCli(
    ['run', '--users', '20', '--duration', '60s', '--gateway-mode', 'v3.8', '--report', report, '--progress', 'plain'],
    {
      timeoutMs: 60_000,
      onStderr: (text, kill) => {
        // the second plain progress line (5 s in; the state comes first): load is running
        if (!sent && /^[A-Z]+(?: [\d.]+s)? \| 00:0[5-9]\/01:00/m.test(text)) {
          sent = true;
          kill('SIGINT');
        }
      },
    },
  );
  assert.equal(r.code, 130, r.stderr);
  const rep = readJson(report);
  assert.equal(rep['interrupted'], true);
  assert.equal(rep['verdict'].status, 'interrupted');
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('.tmp-')),
    [],
    'no temp file left',
  );
  const pid = gatewayPid(r.stderr);
  assert.ok(pid !== null && !alive(pid), 'the gateway child is gone');
});

test('bad input: every problem listed, exit 2, nothing run and no report', async () => {
  const dir = tmp();
  const report = join(dir, 'r.json');
  const r = await runCli(['run', '--users', 'many', '--duration', 'soon', '--threshold', 'reply.p99<fast', '--report', report], {
    timeoutMs: 20_000,
  });
  assert.equal(r.code, 2, r.stderr);
  for (const flag of ['--users', '--duration', '--threshold']) assert.match(r.stderr, new RegExp(flag));
  assert.doesNotMatch(r.stderr, /EMBEDDED MODEL/);
  assert.equal(existsSync(report), false);
});
