/**
 * `IMSTRESS_*` environment variables (k6 style): every run flag, parsed as
 * the flag is, reported at the variable's name; precedence defaults <
 * scenario file < environment < flags.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveRunConfig } from '../../src/config/resolve.js';
import { envVarName, rawFlagsFromEnv } from '../../src/config/env-flags.js';
import type { RawRunFlags } from '../../src/config/run-settings.js';
import { parseScenario } from '../../src/config/scenario.js';
import { runDefaults } from '../../src/config/run-defaults.js';
import { addRunFlags } from '../../src/cli/commands/run-flags.js';
import { Command } from 'commander';
import { usageIssues, withTempDir } from './helpers.js';

const resolveWith = (flags: RawRunFlags, env: Record<string, string>, yaml: string | null = null) =>
  withTempDir((cwd) => {
    const parsed = yaml === null ? null : parseScenario(yaml, 's.yaml', 'yaml');
    if (parsed !== null && !parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return resolveRunConfig({
      flags,
      scenario: parsed === null ? null : parsed.scenario,
      scenarioPath: yaml === null ? null : 's.yaml',
      env,
      cwd,
    });
  });

test('env names: the flag in upper snake case after IMSTRESS_', () => {
  assert.equal(envVarName('rampUp'), 'IMSTRESS_RAMP_UP');
  assert.equal(envVarName('users'), 'IMSTRESS_USERS');
  assert.equal(envVarName('register'), 'IMSTRESS_REGISTER');
  assert.equal(envVarName('secret'), 'IMSTRESS_SECRET', 'the existing secret variable keeps its name');
});

test('every run flag but --scenario and --html can come from the environment', () => {
  const cmd = addRunFlags(new Command('run'));
  const options = cmd.options.filter((o) => o.attributeName() !== 'scenario' && o.attributeName() !== 'html');
  // Each variable set to a value its flag's kind accepts comes back as that flag.
  const env = Object.fromEntries(options.map((o) => [envVarName(o.attributeName()), o.isBoolean() || o.negate ? 'true' : 'x']));
  const { flags, issues } = rawFlagsFromEnv(env);
  assert.deepEqual(issues, []);
  const missing = options.map((o) => o.attributeName()).filter((k) => !(k in flags));
  assert.deepEqual(missing, []);
  assert.deepEqual(
    rawFlagsFromEnv({ IMSTRESS_SCENARIO: 'x.yaml', IMSTRESS_HTML: 'x.html' }).flags,
    {},
    '--scenario and --html are not read from the environment',
  );
});

test('environment values are parsed as flags and sit between the file and the flags', () => {
  const env = {
    IMSTRESS_USERS: '7',
    IMSTRESS_DURATION: '4s',
    IMSTRESS_OVERLAP: 'true',
    IMSTRESS_THRESHOLD: 'reply.p99<200ms, errors.rate<1%',
    IMSTRESS_GATEWAY_ARG: '--status-rpc 5ms',
    IMSTRESS_PROGRESS: 'plain',
  };
  const c = resolveWith({}, env);
  assert.equal(c.users, 7);
  assert.equal(c.durationMs, 4000);
  assert.equal(c.overlap, true);
  assert.deepEqual(
    c.thresholds.map((t) => t.source),
    ['reply.p99<200ms', 'errors.rate<1%'],
  );
  assert.deepEqual(c.target.kind === 'embedded' ? c.target.gatewayArgs : null, ['--status-rpc', '5ms']);
  assert.equal(c.progress, 'plain');
  assert.equal(resolveWith({}, { IMSTRESS_SUMMARY: 'false' }).summary, false, 'a --no- switch from its variable');
  assert.equal(resolveWith({ summary: true }, { IMSTRESS_SUMMARY: 'false' }).summary, true, 'the flag beats the variable');
  // file < env < flags
  assert.equal(resolveWith({}, { IMSTRESS_USERS: '7' }, 'users: 3\n').users, 7, 'env beats the file');
  assert.equal(resolveWith({ users: '9' }, { IMSTRESS_USERS: '7' }, 'users: 3\n').users, 9, 'a flag beats env');
  assert.equal(resolveWith({}, { IMSTRESS_USERS: '' }).users, runDefaults.users, 'empty counts as unset');
  assert.deepEqual(resolveWith({}, { IMSTRESS_REGISTER: 'false', IMSTRESS_TARGET: 'ws://gw:1' }).tokens, {
    kind: 'api',
    apiUrl: 'http://gw:10002',
    secret: runDefaults.secret,
    concurrency: runDefaults.apiConcurrency,
    register: false,
  });
});

test("bad environment values: every one listed, at its variable, with the flag's message", () => {
  const issues = withTempDir((cwd) =>
    usageIssues(() =>
      resolveRunConfig({
        flags: {},
        scenario: null,
        scenarioPath: null,
        env: { IMSTRESS_USERS: 'many', IMSTRESS_OVERLAP: 'maybe', IMSTRESS_DURATION: '5 parsecs' },
        cwd,
      }),
    ),
  );
  const where = issues.map((i) => i.where).sort();
  assert.deepEqual(where, ['IMSTRESS_DURATION', 'IMSTRESS_OVERLAP', 'IMSTRESS_USERS']);
  assert.match(issues.find((i) => i.where === 'IMSTRESS_OVERLAP')?.message ?? '', /expected true or false/);
});
