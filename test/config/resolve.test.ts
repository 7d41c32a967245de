import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig, resolveRunConfig, scenarioName } from '../../src/config/resolve.js';
import type { RawRunFlags } from '../../src/config/run-settings.js';
import { runDefaults } from '../../src/config/run-defaults.js';
import type { RunConfig } from '../../src/config/run-config.js';
import { parseScenario, type ScenarioFile } from '../../src/config/scenario.js';
import { repoRoot, usageIssues, withTempDir } from './helpers.js';

function scenario(text: string): ScenarioFile {
  const r = parseScenario(text, 's.yaml', 'yaml');
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.issues));
  return r.scenario;
}

/** Resolves in a temp dir (the default reports/ is created there). */
function resolveIn(flags: RawRunFlags, file: string | null = null, env: Record<string, string> = {}): RunConfig {
  return withTempDir((cwd) =>
    resolveRunConfig({
      flags,
      scenario: file === null ? null : scenario(file),
      scenarioPath: file === null ? null : 'scen/s.yaml',
      env,
      cwd,
    }),
  );
}

function issuesIn(flags: RawRunFlags, file: string | null = null): [string, string][] {
  return withTempDir((cwd) =>
    usageIssues(() =>
      resolveRunConfig({ flags, scenario: file === null ? null : scenario(file), scenarioPath: file === null ? null : 's.yaml', cwd }),
    ).map((i) => [i.where, i.message]),
  );
}

test('no flags, no file: every default, the embedded v3.5.1 gateway, and reports/ created', () => {
  withTempDir((cwd) => {
    const c = resolveRunConfig({ flags: {}, scenario: null, scenarioPath: null, cwd });
    assert.ok(Object.isFrozen(c));
    assert.deepEqual(c, {
      scenario: 'run',
      target: { kind: 'embedded', gatewayMode: 'v3.5.1', gatewayArgs: [] },
      adapter: 'openim',
      users: 100,
      userPrefix: 'imstress_u',
      userOffset: 0,
      durationMs: 60_000,
      iterations: null,
      rampUpMs: 0,
      thinkMs: 0,
      messages: 1,
      messageKind: 'get-seq',
      platformID: 1,
      overlap: false,
      compression: 'gzip',
      encoding: 'gob',
      heartbeatMs: 25_000,
      handshakeTimeoutMs: 10_000,
      replyTimeoutMs: 5_000,
      pushTimeoutMs: 5_000,
      closeTimeoutMs: 5_000,
      stallThresholdMs: 2_000,
      hangWindowMs: 10_000,
      onHang: 'abort',
      metricsUrl: null,
      gaugeName: 'online_user_num',
      pprofUrl: null,
      evidenceGapMs: 2_000,
      drainTimeoutMs: 10_000,
      tokens: { kind: 'embedded-api' },
      thresholds: [],
      reportPath: null,
      json: false,
      summary: true,
      progress: 'auto',
      localAddress: null,
      caFile: null,
      insecure: false,
      verbose: false,
      workers: 1,
      shard: null,
      openimVersion: 'auto',
      adminUser: 'imAdmin',
      msgResp: null,
      trials: 1,
      untilHang: false,
      betweenTrialsMs: 0,
    });
    assert.ok(existsSync(join(cwd, runDefaults.reportsDir)));
  });
});

test('precedence: a flag beats the file, the file beats the default', () => {
  const file =
    'users: 7\nduration: 30s\nthink: 1s\ntimeouts: { reply: 2s }\nthresholds: ["reply.p99<1s"]\ngateway: { mode: blog-fix, args: ["--seed", "1"] }\n';
  const table: { flags: RawRunFlags; check: (c: RunConfig) => void }[] = [
    {
      flags: {},
      check: (c) => {
        assert.equal(c.users, 7);
        assert.equal(c.durationMs, 30_000);
        assert.equal(c.thinkMs, 1000);
        assert.equal(c.replyTimeoutMs, 2000);
        assert.equal(c.handshakeTimeoutMs, runDefaults.handshakeTimeoutMs);
        assert.equal(c.messages, runDefaults.messages);
        assert.deepEqual(
          c.thresholds.map((t) => t.source),
          ['reply.p99<1s'],
        );
        assert.deepEqual(c.target, { kind: 'embedded', gatewayMode: 'blog-fix', gatewayArgs: ['--seed', '1'] });
        assert.equal(c.scenario, 's');
      },
    },
    {
      flags: {
        users: '9',
        replyTimeout: '3s',
        threshold: ['errors.rate<1%', 'reply.p50<10ms'],
        gatewayMode: 'v3.8',
        gatewayArg: ['--status-rpc', '2ms'],
      },
      check: (c) => {
        assert.equal(c.users, 9);
        assert.equal(c.durationMs, 30_000);
        assert.equal(c.replyTimeoutMs, 3000);
        assert.deepEqual(
          c.thresholds.map((t) => t.source),
          ['errors.rate<1%', 'reply.p50<10ms'],
        );
        assert.deepEqual(c.target, { kind: 'embedded', gatewayMode: 'v3.8', gatewayArgs: ['--status-rpc', '2ms'] });
      },
    },
    {
      // --target on a scenario written for the embedded gateway: the file's gateway settings drop out
      flags: { target: 'ws://127.0.0.1:10001' },
      check: (c) => {
        assert.deepEqual(c.target, { kind: 'url', url: 'ws://127.0.0.1:10001' });
        assert.deepEqual(c.tokens, { kind: 'api', apiUrl: 'http://127.0.0.1:10002', secret: 'openIM123', concurrency: 16, register: true });
      },
    },
  ];
  for (const row of table) row.check(resolveIn(row.flags, file));
});

test('iterations alone run until done; with a duration, both apply', () => {
  assert.deepEqual([resolveIn({ iterations: '5' }).durationMs, resolveIn({ iterations: '5' }).iterations], [null, 5]);
  const both = resolveIn({ iterations: '5', duration: '10s' });
  assert.deepEqual([both.durationMs, both.iterations], [10_000, 5]);
  const fromFile = resolveIn({ iterations: '5' }, 'duration: 20s\n');
  assert.deepEqual([fromFile.durationMs, fromFile.iterations], [20_000, 5]);
});

test('token sources: static, file, explicit API, derived API, env secret', () => {
  assert.deepEqual(resolveIn({ target: 'ws://gw:10001', token: 'T' }).tokens, { kind: 'static', token: 'T' });
  assert.deepEqual(resolveIn({ target: 'ws://gw:10001', tokenFile: 'tokens.txt' }).tokens, { kind: 'file', path: 'tokens.txt' });
  assert.deepEqual(
    resolveIn({ target: 'wss://gw.example/ws', apiUrl: 'https://api.example', secret: 's3', apiConcurrency: '4', register: false }).tokens,
    {
      kind: 'api',
      apiUrl: 'https://api.example',
      secret: 's3',
      concurrency: 4,
      register: false,
    },
  );
  assert.deepEqual(resolveIn({ target: 'wss://[::1]:443/ws' }).tokens, {
    kind: 'api',
    apiUrl: 'https://[::1]:10002',
    secret: 'openIM123',
    concurrency: 16,
    register: true,
  });
  const env = resolveIn({ target: 'ws://gw:1' }, null, { IMSTRESS_SECRET: 'from-env' });
  assert.equal(env.tokens.kind === 'api' ? env.tokens.secret : null, 'from-env');
  const flagBeatsEnv = resolveIn({ target: 'ws://gw:1', secret: 'flag' }, null, { IMSTRESS_SECRET: 'from-env' });
  assert.equal(flagBeatsEnv.tokens.kind === 'api' ? flagBeatsEnv.tokens.secret : null, 'flag');
  // a flag's token source replaces the file's, and the file's API settings go with it
  const replaced = resolveIn({ token: 'T' }, 'target: ws://gw:1\ntokens: { api: { url: "http://gw:2", secret: s, concurrency: 3 } }\n');
  assert.deepEqual(replaced.tokens, { kind: 'static', token: 'T' });
  // embedded: --secret becomes the gateway's secret
  assert.deepEqual(resolveIn({ secret: 'abc' }).target, { kind: 'embedded', gatewayMode: 'v3.5.1', gatewayArgs: ['--secret', 'abc'] });
  // --target embedded drops a file's URL target and its tokens
  const back = resolveIn({ target: 'embedded' }, 'target: ws://gw:1\ntokens: { token: T }\n');
  assert.deepEqual([back.target.kind, back.tokens.kind], ['embedded', 'embedded-api']);
});

test('every problem is listed: three bad flags give one error with three issues', () => {
  const issues = issuesIn({ users: 'many', duration: 'forever', onHang: 'retry' });
  assert.deepEqual(
    issues.map(([where]) => where),
    ['--users', '--duration', '--on-hang'],
  );
  assert.match(issues[0]?.[1] ?? '', /got "many"; expected an integer from 1 to 1000000/);
  assert.match(issues[1]?.[1] ?? '', /got "forever"; expected a duration/);
  assert.match(issues[2]?.[1] ?? '', /got "retry"; expected one of abort, continue/);
});

test('a duration flag without a unit is refused with the two readings spelled out', () => {
  const issues = issuesIn({ duration: '60', think: '0' });
  assert.deepEqual(
    issues.map(([where]) => where),
    ['--duration'],
  );
  assert.match(issues[0]?.[1] ?? '', /got "60", which has no unit; write 60s or 60ms/);
});

test('file problems and flag problems are listed together', () => {
  withTempDir((cwd) => {
    writeFileSync(join(cwd, 'bad.yaml'), 'users: 0\nrampup: 1s\n');
    const issues = usageIssues(() =>
      loadRunConfig({ flags: { scenario: 'bad.yaml', platform: '99', threshold: ['reply.p99<soon'] }, cwd }),
    );
    assert.deepEqual(
      issues.map((i) => i.where),
      ['bad.yaml:users', 'bad.yaml:rampup', '--platform', '--threshold'],
    );
  });
});

test('loadRunConfig names the run after the scenario file', () => {
  const c = withTempDir((cwd) => loadRunConfig({ flags: { scenario: join(repoRoot, 'scenarios', 'ci-smoke.yaml') }, cwd }));
  assert.equal(c.scenario, 'ci-smoke');
  assert.equal(c.users, 20);
  assert.equal(c.hangWindowMs, 5000);
  assert.deepEqual([scenarioName('a/b/x.y.yml'), scenarioName(null)], ['x.y', 'run']);
});

test('cross-field checks, each at the place to fix', () => {
  const table: { name: string; flags: RawRunFlags; file?: string; issues: [string, RegExp][] }[] = [
    {
      name: 'overlap needs a message',
      flags: { overlap: true, messages: '0' },
      issues: [['--overlap', /needs at least one message per session; messages is 0 \(--messages\)/]],
    },
    {
      name: 'stall threshold below hang window',
      flags: { stallThreshold: '10s' },
      issues: [['--stall-threshold', /stall threshold 10s is not below hang window 10s/]],
    },
    {
      name: 'hang window above stall threshold',
      flags: { hangWindow: '1s' },
      issues: [['--hang-window', /stall threshold 2s is not below hang window 1s/]],
    },
    {
      name: 'token sources exclusive',
      flags: { target: 'ws://gw:1', token: 'a', tokenFile: 'f', apiUrl: 'http://gw:2' },
      issues: [['--token and --token-file and --api-url', /mutually exclusive/]],
    },
    {
      name: 'secret with a static token',
      flags: { target: 'ws://gw:1', token: 'a', secret: 's' },
      issues: [['--secret', /applies only to API tokens \(--api-url\); tokens come from --token/]],
    },
    {
      name: 'api concurrency with a token file',
      flags: { target: 'ws://gw:1', tokenFile: 'f', apiConcurrency: '2', register: false },
      issues: [
        ['--api-concurrency', /applies only to API tokens/],
        ['--no-register', /applies only to API tokens/],
      ],
    },
    {
      name: 'token with the embedded gateway',
      flags: { token: 'a' },
      issues: [['--token', /applies to a URL target.*embedded gateway issues its own tokens/]],
    },
    {
      name: 'raw adapter and send-msg',
      flags: { target: 'ws://gw:1', adapter: 'raw', messageKind: 'send-msg' },
      issues: [['--adapter', /send-msg needs the openim adapter/]],
    },
    {
      name: 'metrics and pprof URLs with the embedded gateway',
      flags: { metricsUrl: 'http://127.0.0.1:1/metrics', pprofUrl: 'http://127.0.0.1:2/debug/pprof/' },
      issues: [
        ['--metrics-url', /applies to a URL target.*read automatically/],
        ['--pprof-url', /applies to a URL target.*captured automatically/],
      ],
    },
    { name: 'raw adapter needs a URL', flags: { adapter: 'raw' }, issues: [['--adapter', /the raw adapter needs --target/]] },
    {
      name: 'target must be ws(s)',
      flags: { target: 'http://gw:1' },
      issues: [['--target', /got "http:\/\/gw:1"; expected a WebSocket URL/]],
    },
    {
      name: 'metrics, pprof and api URLs must be http(s)',
      flags: { target: 'ws://gw:1', metricsUrl: 'ftp://x', pprofUrl: 'gw:6060', apiUrl: 'ws://gw:2' },
      issues: [
        ['--metrics-url', /expected a Prometheus metrics URL \(http:\/\/ or https:\/\//],
        ['--pprof-url', /expected a Go target's/],
        ['--api-url', /expected the OpenIM REST API URL/],
      ],
    },
    {
      name: 'gateway mode must be known',
      flags: { gatewayMode: 'v9' },
      issues: [['--gateway-mode', /got "v9"; expected one of v3\.5\.1, blog-fix, v3\.8/]],
    },
    {
      name: 'gateway mode with a URL target',
      flags: { target: 'ws://gw:1', gatewayMode: 'v3.8' },
      issues: [['--gateway-mode', /applies only to the embedded gateway; the target is a URL \(--target\)/]],
    },
    {
      name: 'gateway in a file whose target is a URL',
      flags: {},
      file: 'target: ws://gw:1\ngateway: { mode: v3.8 }\n',
      issues: [['s.yaml:gateway.mode', /applies only to the embedded gateway; the target is a URL \(s\.yaml:target\)/]],
    },
    {
      name: 'ramp-up longer than the run',
      flags: { rampUp: '2m', duration: '1m' },
      issues: [['--ramp-up', /ramp-up 2m is longer than the run \(1m\)/]],
    },
    {
      name: 'push threshold needs send-msg',
      flags: { threshold: ['push.p99<1s'] },
      issues: [['--threshold', /"push\.p99<1s": push is measured only with message kind send-msg/]],
    },
    {
      name: 'secret given twice to the embedded gateway',
      flags: { secret: 'a', gatewayArg: ['--secret=b'] },
      issues: [['--secret', /given twice/]],
    },
    { name: 'local address', flags: { localAddress: '10.0.0.1,host' }, issues: [['--local-address', /"host" is not an IP address/]] },
    {
      name: 'file value in a cross check',
      flags: {},
      file: 'overlap: true\nmessages: 0\n',
      issues: [['s.yaml:overlap', /messages is 0 \(s\.yaml:messages\)/]],
    },
  ];
  for (const row of table) {
    const issues = issuesIn(row.flags, row.file ?? null);
    assert.equal(issues.length, row.issues.length, `${row.name}: ${JSON.stringify(issues)}`);
    row.issues.forEach(([where, message], i) => {
      assert.equal(issues[i]?.[0], where, `${row.name}: ${JSON.stringify(issues)}`);
      assert.match(issues[i]?.[1] ?? '', message, row.name);
    });
  }
  // and the valid counterparts pass
  assert.equal(resolveIn({ overlap: true }).overlap, true);
  assert.equal(resolveIn({ target: 'ws://gw:1', adapter: 'raw' }).adapter, 'raw');
  assert.equal(resolveIn({ messageKind: 'send-msg', threshold: ['push.p99<1s'] }).thresholds[0]?.metric, 'push.p99');
  assert.equal(resolveIn({ localAddress: '10.0.0.1, 10.0.0.2' }).localAddress, '10.0.0.1,10.0.0.2');
});

test('the report path is checked before the run', () => {
  withTempDir((cwd) => {
    mkdirSync(join(cwd, 'out'));
    const ok = resolveRunConfig({ flags: { report: 'out/r.json' }, scenario: null, scenarioPath: null, cwd });
    assert.equal(ok.reportPath, 'out/r.json');
    // an explicit path does not create the default directory
    assert.equal(existsSync(join(cwd, 'reports')), false);
    const missing = usageIssues(() =>
      resolveRunConfig({ flags: { report: 'nowhere/deeper/r.json' }, scenario: null, scenarioPath: null, cwd }),
    );
    assert.equal(missing[0]?.where, '--report');
    assert.match(missing[0]?.message ?? '', /directory ".*nowhere\/deeper" does not exist/);
    const dir = usageIssues(() => resolveRunConfig({ flags: { report: 'out' }, scenario: null, scenarioPath: null, cwd }));
    assert.match(dir[0]?.message ?? '', /a directory; expected a file path/);
    const fromFile = usageIssues(() =>
      resolveRunConfig({ flags: {}, scenario: scenario('report: gone/r.json\n'), scenarioPath: 's.yaml', cwd }),
    );
    assert.equal(fromFile[0]?.where, 's.yaml:report');
    // a rejected command leaves no reports/ behind
    usageIssues(() => resolveRunConfig({ flags: { users: '0' }, scenario: null, scenarioPath: null, cwd }));
    assert.equal(existsSync(join(cwd, 'reports')), false);
    // the default directory cannot be created under a file
    writeFileSync(join(cwd, 'reports'), 'not a directory');
    const blocked = usageIssues(() => resolveRunConfig({ flags: {}, scenario: null, scenarioPath: null, cwd }));
    assert.match(blocked[0]?.message ?? '', /cannot use the default reports directory/);
  });
});

test('--workers and --shard: parsed from flags and files, bad values named', () => {
  const c = resolveIn({ workers: 'auto', shard: '2/4' });
  assert.equal(c.workers, 'auto');
  assert.deepEqual(c.shard, { index: 2, count: 4 });
  const f = resolveIn({}, 'workers: 3\nshard: 1/2\n');
  assert.equal(f.workers, 3);
  assert.deepEqual(f.shard, { index: 1, count: 2 });
  assert.equal(resolveIn({}).shard, null);
  const bad = issuesIn({ workers: 'many', shard: '4/4' });
  assert.deepEqual(bad.map(([where]) => where).sort(), ['--shard', '--workers']);
  assert.match(bad.find(([where]) => where === '--shard')?.[1] ?? '', /expected I\/N with 0 ≤ I < N/);
  assert.match(
    issuesIn({ users: '2', shard: '0/3' })
      .map(([, m]) => m)
      .join('\n'),
    /3 shards need at least 3 users/,
  );
});

test('--trials, --until-hang, --between-trials: parsed from flags and files, misuse named', () => {
  const c = resolveIn({ trials: '5', betweenTrials: '2s' });
  assert.deepEqual([c.trials, c.untilHang, c.betweenTrialsMs], [5, false, 2000]);
  assert.equal(resolveIn({}).trials, 1);
  // --until-hang alone keeps trying, but not forever.
  assert.deepEqual([resolveIn({ untilHang: true }).trials, resolveIn({ untilHang: true }).untilHang], [runDefaults.untilHangTrials, true]);
  const f = resolveIn({}, 'trials: 3\nuntilHang: true\nbetweenTrials: 1s\n');
  assert.deepEqual([f.trials, f.untilHang, f.betweenTrialsMs], [3, true, 1000]);
  const bad = issuesIn({ trials: '0', betweenTrials: 'soon' });
  assert.deepEqual(bad.map(([where]) => where).sort(), ['--between-trials', '--trials']);
  assert.deepEqual(
    issuesIn({ trials: '1', untilHang: true, betweenTrials: '1s' })
      .map(([where]) => where)
      .sort(),
    ['--between-trials', '--until-hang'],
  );
});

test('an empty --gateway-arg is refused, naming the flag, as an empty list item in a scenario file is', () => {
  assert.deepEqual(issuesIn({ gatewayArg: ['--status-rpc', ''] }), [['--gateway-arg', 'got ""; expected an `imstress gateway` argument']]);
});
