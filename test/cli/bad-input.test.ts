/**
 * Bad input to `imstress run` and `imstress gateway`, through the built
 * CLI: exit 2, every problem listed with the flag / file:key it is about and
 * what was expected, and nothing run — no gateway started, nothing listening,
 * no report or reports directory written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ExitCode } from '../../src/errors.js';

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  /** Files written in the working directory first. */
  readonly files?: Readonly<Record<string, string>>;
  /** Each must match stderr (one per problem). */
  readonly expect: readonly RegExp[];
  /** The number of problems listed ("invalid input (N problems)"), when the usage-error list is used. */
  readonly problems?: number;
}

const duration = /expected a duration from 1ms to/;

const runCases: readonly Case[] = [
  {
    name: 'a number that is not one',
    args: ['--users', 'abc'],
    expect: [/--users: got "abc"; expected an integer from 1 to 1000000/],
    problems: 1,
  },
  { name: 'a number out of range', args: ['--users', '0'], expect: [/--users: got "0"; expected an integer from 1/], problems: 1 },
  {
    name: 'a duration with an unknown unit',
    args: ['--duration', '10parsecs'],
    expect: [new RegExp(`--duration: got "10parsecs"; ${duration.source}`)],
    problems: 1,
  },
  {
    name: 'a negative timeout',
    args: ['--reply-timeout', '-1s'],
    expect: [/--reply-timeout: got "-1s"; expected a duration/],
    problems: 1,
  },
  {
    name: 'a target that is not a WebSocket URL',
    args: ['--target', 'http://127.0.0.1:1/'],
    expect: [/--target: got "http:\/\/127\.0\.0\.1:1\/"; expected a WebSocket URL/],
    problems: 1,
  },
  {
    name: 'a target that is not a URL',
    args: ['--target', 'ws://'],
    expect: [/--target: got "ws:\/\/"; expected a WebSocket URL/],
    problems: 1,
  },
  {
    name: 'a metrics URL that is not one',
    args: ['--metrics-url', 'notaurl'],
    expect: [/--metrics-url: got "notaurl"; expected a Prometheus metrics URL/],
    problems: 1,
  },
  { name: 'a choice not in the set', args: ['--on-hang', 'panic'], expect: [/--on-hang: .*panic.*expected/], problems: 1 },
  { name: 'an unknown flag (with a suggestion)', args: ['--userz', '5'], expect: [/unknown option '--userz'/, /Did you mean --users\?/] },
  {
    name: 'several flag problems at once, all listed',
    args: ['--users', 'abc', '--duration', 'xyz', '--target', 'ftp://a', '--reply-timeout', '-1s'],
    expect: [/--users: got "abc"/, /--duration: got "xyz"/, /--target: got "ftp:\/\/a"/, /--reply-timeout: got "-1s"/],
    problems: 4,
  },
  {
    name: 'a scenario file with a YAML syntax error (file:line:col)',
    files: { 's.yaml': 'users: 10\n  duration: [\n' },
    args: ['--scenario', 's.yaml'],
    expect: [/s\.yaml:\d+:\d+: YAML syntax error/],
  },
  {
    name: 'a JSON scenario with a syntax error',
    files: { 's.json': '{"users": 10,, }' },
    args: ['--scenario', 's.json'],
    expect: [/s\.json:1:\d+: JSON syntax error/],
    problems: 1,
  },
  {
    name: 'a scenario with an unknown key (with a suggestion)',
    files: { 's.yaml': 'users: 10\nuserz: 5\n' },
    args: ['--scenario', 's.yaml'],
    expect: [/s\.yaml:userz: unknown key \(did you mean "users"\?\); expected one of users, /],
    problems: 1,
  },
  {
    name: 'a scenario with wrong types, every one listed with its line',
    files: { 's.yaml': 'users: many\nduration: true\nthresholds: 5\n' },
    args: ['--scenario', 's.yaml'],
    expect: [
      /s\.yaml:users: got "many"; expected an integer .*\(line 1\)/,
      new RegExp(`s\\.yaml:duration: got true; ${duration.source}.*\\(line 2\\)`),
      /s\.yaml:thresholds: got 5; expected a list \(line 3\)/,
    ],
    problems: 3,
  },
  {
    name: 'scenario and flag problems together',
    files: { 's.yaml': 'users: many\n' },
    args: ['--scenario', 's.yaml', '--duration', 'soon'],
    expect: [/s\.yaml:users: got "many"/, /--duration: got "soon"/],
    problems: 2,
  },
  {
    name: 'a scenario file that does not exist',
    args: ['--scenario', 'missing.yaml'],
    expect: [/missing\.yaml: cannot read the scenario file/],
    problems: 1,
  },
  { name: 'a bad threshold', args: ['--threshold', 'reply.p99<fast'], expect: [/--threshold: .*reply\.p99<fast.*expected/], problems: 1 },
  {
    name: 'a report path in a directory that cannot be written (checked before the run)',
    args: ['--report', '/proc/imstress-report.json'],
    expect: [/--report: directory "\/proc" is not writable \(\w+\); expected a directory where a file can be created/],
    problems: 1,
  },
  {
    name: 'a report path in a directory that does not exist',
    args: ['--report', 'no/such/dir/r.json'],
    expect: [/--report: directory ".*no\/such\/dir" does not exist/],
    problems: 1,
  },
  {
    name: 'a report path that is a directory',
    args: ['--report', '.'],
    expect: [/--report: got "\.", a directory; expected a file path/],
    problems: 1,
  },
  {
    name: 'two token sources',
    args: ['--target', 'ws://127.0.0.1:1/', '--token', 't', '--token-file', 'f'],
    expect: [/--token.* and --token-file.*mutually exclusive|--token and --token-file/],
  },
];

const gatewayCases: readonly Case[] = [
  {
    name: 'a port that is not a number',
    args: ['--port', 'abc'],
    expect: [/--port: got "abc"; expected an integer from 0 to 65535/],
    problems: 1,
  },
  {
    name: 'a port out of range',
    args: ['--port', '70000'],
    expect: [/--port: got 70000; expected an integer from 0 to 65535/],
    problems: 1,
  },
  { name: 'an unknown mode', args: ['--mode', 'v9'], expect: [/--mode: got "v9"; expected one of v3\.5\.1, blog-fix, v3\.8/], problems: 1 },
  { name: 'an unknown flag', args: ['--nope'], expect: [/unknown option '--nope'/] },
  {
    name: 'several problems at once',
    args: ['--port', 'abc', '--mode', 'v9', '--api-port', '-1'],
    expect: [/--mode: got "v9"/, /--port: got "abc"/, /--api-port: got -1/],
    problems: 3,
  },
];

for (const [command, cases] of [
  ['run', runCases],
  ['gateway', gatewayCases],
] as const) {
  for (const c of cases) {
    test(`imstress ${command}: ${c.name} → exit 2, named, nothing run`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'imstress-bad-input-'));
      try {
        for (const [name, text] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), text);
        const before = readdirSync(dir).sort();
        const r = await runCli([command, ...c.args], { timeoutMs: 20_000, cwd: dir });
        assert.equal(r.code, ExitCode.usage, r.stderr);
        for (const re of c.expect) assert.match(r.stderr, re);
        if (c.problems !== undefined) assert.match(r.stderr, new RegExp(`invalid input \\(${c.problems} problems?\\)`));
        assert.doesNotMatch(r.stderr, /EMBEDDED MODEL|child process|listening/i, 'no gateway started');
        assert.equal(r.stdout, '', 'nothing on stdout (no --json report, no gateway address)');
        assert.deepEqual(readdirSync(dir).sort(), before, 'no report, no reports directory');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
}
