import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { addRunFlags, type RawRunFlags } from '../../src/cli/commands/run-flags.js';
import { runInvocationFlags, runRows } from '../../src/config/run-settings.js';
import { attrOf, longFlag } from '../../src/config/setting.js';

/** The long flag of an attribute, as the table declares it. */
const flagName = (key: string): string =>
  runRows
    .map(([, r]) => r)
    .find((r) => attrOf(r) === key)
    ?.flag.split(' ')[0] ??
  runInvocationFlags.find((f) => f.attr === key)?.flag.split(' ')[0] ??
  `(no row for ${key})`;

const every: Required<RawRunFlags> = {
  users: '',
  userPrefix: '',
  userOffset: '',
  duration: '',
  iterations: '',
  rampUp: '',
  think: '',
  messages: '',
  messageKind: '',
  platform: '',
  overlap: true,
  compression: '',
  encoding: '',
  heartbeat: '',
  handshakeTimeout: '',
  replyTimeout: '',
  pushTimeout: '',
  closeTimeout: '',
  stallThreshold: '',
  hangWindow: '',
  onHang: '',
  target: '',
  gatewayMode: '',
  gatewayArg: [],
  adapter: '',
  metricsUrl: '',
  gauge: '',
  pprofUrl: '',
  evidenceGap: '',
  drainTimeout: '',
  token: '',
  tokenFile: '',
  apiUrl: '',
  secret: '',
  apiConcurrency: '',
  register: true,
  threshold: [],
  scenario: '',
  report: '',
  json: true,
  html: true,
  progress: '',
  localAddress: '',
  ca: '',
  insecure: true,
  verbose: true,
  workers: '',
  shard: '',
  openimVersion: '',
  adminUser: '',
  msgResp: true,
  trials: '',
  untilHang: true,
  betweenTrials: '',
  summary: true,
};

function parse(argv: string[]): RawRunFlags {
  const cmd = addRunFlags(new Command('run').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} }));
  cmd.parse(argv, { from: 'user' });
  return cmd.opts<RawRunFlags>();
}

test('every RawRunFlags key is a declared flag, and no flag has a commander default', () => {
  const cmd = addRunFlags(new Command('run'));
  const declared = new Set(cmd.options.map((o) => o.long));
  for (const key of Object.keys(every) as (keyof RawRunFlags)[]) assert.ok(declared.has(flagName(key)), `${flagName(key)} is not declared`);
  assert.deepEqual(
    cmd.options.filter((o) => o.defaultValue !== undefined).map((o) => o.long),
    [],
  );
  assert.deepEqual(parse([]), {});
});

test("every row's attribute is commander's, and its long flag is declared", () => {
  const cmd = addRunFlags(new Command('run'));
  const byLong = new Map(cmd.options.map((o) => [o.long, o]));
  for (const [key, row] of runRows) {
    const option = byLong.get(longFlag(row));
    assert.ok(option !== undefined, `${key}: ${longFlag(row)} is not declared`);
    assert.equal(option.attributeName(), attrOf(row), key);
  }
});

test('flags come through as strings, booleans and lists', () => {
  assert.deepEqual(parse(['--users', '5', '--ramp-up', '2s', '--overlap', '--no-register', '--threshold', 'a<1', '--threshold', 'b<2']), {
    users: '5',
    rampUp: '2s',
    overlap: true,
    register: false,
    threshold: ['a<1', 'b<2'],
  });
  assert.deepEqual(parse(['--gateway-arg', '--status-rpc', '1ms', '--gateway-arg=--seed=3']), {
    gatewayArg: ['--status-rpc', '1ms', '--seed=3'],
  });
});

test('help text shows the defaults from run-defaults', () => {
  const help = addRunFlags(new Command('run')).helpInformation();
  assert.match(help, /--users <n>\s+virtual users, one user ID each \(default: 100\)/);
  assert.match(help, /--hang-window <duration>[\s\S]*?\(default: 10s\)/);
  assert.doesNotMatch(help, /--register /);
});

test('--html takes an optional file: alone it is true, with a value the path', () => {
  assert.deepEqual(parse(['--html']), { html: true });
  assert.deepEqual(parse(['--html', 'out/r.html']), { html: 'out/r.html' });
});
