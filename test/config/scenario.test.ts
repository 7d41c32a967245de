import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, parseScenario, scenarioKeys, validateScenario } from '../../src/config/scenario.js';
import { repoRoot, withTempDir } from './helpers.js';

const shipped = readdirSync(join(repoRoot, 'scenarios')).filter((f) => /\.ya?ml$/.test(f));

test('every scenario shipped in scenarios/ loads', () => {
  assert.ok(shipped.length >= 3, `found ${shipped.join(', ')}`);
  for (const file of shipped) {
    const r = loadScenario(join('scenarios', file), repoRoot);
    assert.ok(r.ok, `${file}: ${r.ok ? '' : JSON.stringify(r.issues)}`);
  }
});

test('shipped scenarios hold what their headers promise', () => {
  const load = (f: string) => {
    const r = loadScenario(join('scenarios', f), repoRoot);
    assert.ok(r.ok);
    return r.scenario;
  };
  const repro = load('openim-deadlock-repro.yaml');
  assert.equal(repro.users, 100);
  assert.equal(repro.duration, 60_000);
  assert.equal(repro.think, 0);
  assert.equal(repro.gateway?.mode, 'v3.5.1');
  assert.equal(repro.onHang, 'abort');
  const smoke = load('ci-smoke.yaml');
  assert.equal(smoke.users, 20);
  assert.equal(smoke.duration, 15_000);
  assert.equal(smoke.hangWindow, 5_000);
  assert.deepEqual(
    smoke.thresholds?.map((t) => [t.metric, t.op, t.value]),
    [
      ['reply.p99', '<', 500],
      ['errors.rate', '<', 0.01],
    ],
  );
  const storm = load('reconnect-storm.yaml');
  assert.equal(storm.overlap, true);
  assert.equal(storm.platform, 2);
  assert.ok((storm.rampUp ?? 0) > 0);
  assert.ok((storm.users ?? 0) >= 1000);
});

test('scenarios/README.md documents every key, and its example is a valid scenario', () => {
  const readme = readFileSync(join(repoRoot, 'scenarios', 'README.md'), 'utf8');
  const missing = scenarioKeys.filter(
    (k) => !readme.includes(`| \`${k}\` |`) && !['timeouts', 'gateway', 'tokens', 'tokens.api'].includes(k),
  );
  assert.deepEqual(missing, []);
  const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example !== undefined);
  const r = parseScenario(example, 'README.md', 'yaml');
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.issues));
});

test('values are parsed: durations to ms, thresholds, target, nested keys', () => {
  const r = parseScenario(
    [
      'users: 5',
      'duration: 1.5s',
      'rampUp: 250ms',
      'timeouts: { reply: 2s, close: 100ms }',
      'target: wss://gw.example:443/ws',
      'tokens: { api: { url: "http://gw.example:10002", concurrency: 4, register: false } }',
      'thresholds: ["reply.p99 < 200ms"]',
    ].join('\n'),
    'x.yaml',
    'yaml',
  );
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.issues));
  assert.equal(r.scenario.duration, 1500);
  assert.equal(r.scenario.rampUp, 250);
  assert.deepEqual(r.scenario.timeouts, { reply: 2000, close: 100 });
  assert.deepEqual(r.scenario.target, { kind: 'url', url: 'wss://gw.example:443/ws' });
  assert.deepEqual(r.scenario.tokens?.api, { url: 'http://gw.example:10002', concurrency: 4, register: false });
  assert.deepEqual(r.scenario.thresholds, [{ source: 'reply.p99 < 200ms', metric: 'reply.p99', op: '<', value: 200 }]);
});

test('each bad file gives issues naming the file and the key or line', () => {
  const table: { name: string; text: string; format?: 'yaml' | 'json'; issues: [string, RegExp][] }[] = [
    {
      name: 'unknown key',
      text: 'users: 5\nrampup: 1s\n',
      issues: [['s.yaml:rampup', /unknown key \(did you mean "rampUp"\?\); expected one of users, userPrefix/]],
    },
    {
      name: 'unknown nested key',
      text: 'timeouts:\n  replay: 1s\n',
      issues: [['s.yaml:timeouts.replay', /did you mean "reply".*expected one of handshake, reply, push, close \(line 2\)/]],
    },
    {
      name: 'wrong type',
      text: 'users: many\n',
      issues: [['s.yaml:users', /got "many"; expected an integer from 1 to 1000000 \(line 1\)/]],
    },
    { name: 'wrong type, boolean', text: 'overlap: "yes"\n', issues: [['s.yaml:overlap', /expected true or false/]] },
    { name: 'mapping expected', text: 'timeouts: 5s\n', issues: [['s.yaml:timeouts', /got "5s"; expected a mapping of keys/]] },
    { name: 'list expected', text: 'thresholds: reply.p99<1s\n', issues: [['s.yaml:thresholds', /expected a list/]] },
    {
      name: 'bad list element',
      text: 'thresholds:\n  - reply.p99<1s\n  - reply.p99<fast\n',
      issues: [['s.yaml:thresholds[1]', /bad value "fast"/]],
    },
    { name: 'bad duration', text: 'duration: 5 sec\n', issues: [['s.yaml:duration', /got "5 sec"; expected a duration/]] },
    {
      name: 'duration without a unit',
      text: 'duration: 60\n',
      issues: [['s.yaml:duration', /got 60, which has no unit; write 60s or 60ms/]],
    },
    { name: 'bad choice', text: 'onHang: retry\n', issues: [['s.yaml:onHang', /got "retry"; expected one of abort, continue/]] },
    { name: 'bad target', text: 'target: http://x:1\n', issues: [['s.yaml:target', /expected a WebSocket URL.*ws:\/\/ or wss:\/\//]] },
    {
      name: 'two token sources',
      text: 'tokens: { token: a, file: b }\n',
      issues: [['s.yaml:tokens', /got token and file; expected exactly one of token, file, api/]],
    },
    {
      name: 'api without url',
      text: 'tokens: { api: { concurrency: 2 } }\n',
      issues: [['s.yaml:tokens.api.url', /got nothing; expected the OpenIM REST API URL/]],
    },
    { name: 'top level list', text: '- users: 5\n', issues: [['s.yaml', /got a list; expected a mapping of keys/]] },
    {
      name: 'several problems at once',
      text: 'users: 0\nplatform: 11\nfoo: 1\n',
      issues: [
        ['s.yaml:users', /got 0; expected an integer from 1 to 1000000/],
        ['s.yaml:platform', /got 11; expected an integer from 1 to 10/],
        ['s.yaml:foo', /unknown key/],
      ],
    },
    { name: 'YAML syntax error', text: 'users: 5\nduration: [60s\n', issues: [['s.yaml:3:1', /YAML syntax error/]] },
    { name: 'YAML duplicate key', text: 'users: 5\nusers: 6\n', issues: [['s.yaml:2:1', /YAML syntax error: Map keys must be unique/]] },
    {
      name: 'JSON syntax error',
      text: '{\n  "users": 5,\n  "duration": }\n',
      format: 'json',
      issues: [['s.yaml:3:15', /JSON syntax error/]],
    },
    {
      name: 'JSON unknown key',
      text: '{"users": 5, "Users": 6}',
      format: 'json',
      issues: [['s.yaml:Users', /unknown key \(did you mean "users"\?\)/]],
    },
  ];
  for (const row of table) {
    const r = parseScenario(row.text, 's.yaml', row.format ?? 'yaml');
    assert.equal(r.ok, false, row.name);
    if (r.ok) continue;
    assert.equal(r.issues.length, row.issues.length, `${row.name}: ${JSON.stringify(r.issues)}`);
    row.issues.forEach(([where, message], i) => {
      assert.equal(r.issues[i]?.where, where, `${row.name}: ${JSON.stringify(r.issues)}`);
      assert.match(r.issues[i]?.message ?? '', message, row.name);
    });
  }
});

test('an empty file (or only comments) is a usage problem, not a default run (#17.7); JSON and YAML give the same result', () => {
  for (const [text, file, format] of [
    ['', 'e.yaml', 'yaml'],
    ['# only a comment\n\n', 'c.yml', 'yaml'],
    ['  \n', 'e.json', 'json'],
    ['null', 'n.json', 'json'],
  ] as const) {
    const r = parseScenario(text, file, format);
    assert.ok(!r.ok, file);
    assert.equal(r.issues.length, 1);
    assert.equal(r.issues[0]?.where, file);
    assert.match(r.issues[0]?.message ?? '', /^the scenario file is empty \(or only comments\); expected a mapping of keys/);
  }
  assert.deepEqual(
    parseScenario('{}', 'explicit.json', 'json'),
    { ok: true, scenario: {} },
    'an explicit empty mapping is a deliberate default run',
  );
  const y = parseScenario('users: 3\nduration: 2s\n', 'a.yaml', 'yaml');
  const j = parseScenario('{"users": 3, "duration": "2s"}', 'a.json', 'json');
  assert.deepEqual(y, j);
  assert.deepEqual(validateScenario({ users: 3, duration: '2s' }, 'x'), y);
});

test('unreadable files and unknown extensions are issues naming the file', () => {
  withTempDir((dir) => {
    const missing = loadScenario('nope.yaml', dir);
    assert.ok(!missing.ok);
    assert.equal(missing.issues[0]?.where, 'nope.yaml');
    assert.match(missing.issues[0]?.message ?? '', /cannot read the scenario file: ENOENT/);
    const isDir = loadScenario('.yaml', dir);
    assert.ok(!isDir.ok);
    writeFileSync(join(dir, 's.toml'), 'users = 5');
    const toml = loadScenario('s.toml', dir);
    assert.ok(!toml.ok);
    assert.match(toml.issues[0]?.message ?? '', /expected a scenario file ending in \.yaml, \.yml or \.json/);
    writeFileSync(join(dir, 's.yml'), 'users: 7\n');
    const yml = loadScenario('s.yml', dir);
    assert.ok(yml.ok);
    assert.equal(yml.scenario.users, 7);
  });
});
