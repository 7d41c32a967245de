/**
 * The settings table itself: one row per setting, each name used once, each
 * default accepted by its own grammar, and the views derived from it
 * (per-machine keys for `merge`, variables, scenario keys) as the rest of the
 * tool expects them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envVarName } from '../../src/config/env-flags.js';
import { perMachineKeys, runRows } from '../../src/config/run-settings.js';
import { scenarioKeys } from '../../src/config/scenario.js';
import { attrOf, longFlag } from '../../src/config/setting.js';
import { gatewayRows } from '../../src/cli/commands/gateway-flags.js';
import { perMachineKeys as mergePerMachineKeys } from '../../src/report/merge.js';
import { presentationKeys as comparePresentationKeys } from '../../src/report/compare.js';
import { presentationKeys } from '../../src/config/run-settings.js';

const unique = (names: readonly string[]): string[] => names.filter((n, i) => names.indexOf(n) !== i);

test('each flag, variable and scenario key belongs to one row', () => {
  assert.deepEqual(unique(runRows.map(([, r]) => longFlag(r))), []);
  assert.deepEqual(unique(runRows.map(([, r]) => envVarName(attrOf(r)))), []);
  assert.deepEqual(unique(runRows.flatMap(([, r]) => (r.key === null ? [] : [r.key]))), []);
  assert.deepEqual(unique(gatewayRows.map(([, r]) => longFlag(r))), []);
  for (const [, r] of runRows) if (r.key !== null) assert.ok(scenarioKeys.includes(r.key), `${r.key} is a scenario key`);
});

test('every default is a value its own grammar accepts (as help prints it)', () => {
  for (const [key, r] of [...runRows, ...gatewayRows]) {
    const d: unknown = r.default;
    if (d === null || r.grammar.raw === 'list') continue;
    const text = r.grammar.raw === 'boolean' ? d : r.grammar.show === undefined ? String(d) : r.grammar.show(d);
    const parsed = r.grammar.parse(text);
    assert.ok(parsed.ok, `${key}: ${JSON.stringify(parsed)}`);
    if (parsed.ok) assert.deepEqual(parsed.value, d, key);
  }
});

test('merge compares every setting but the per-machine ones, read off the table', () => {
  assert.equal(mergePerMachineKeys, perMachineKeys);
  for (const k of ['json', 'localAddress', 'progress', 'reportPath', 'shard', 'tokens', 'verbose', 'workers'])
    assert.ok(perMachineKeys.includes(k), k);
  // the user pool is the same on every machine of one sharded run
  for (const k of ['users', 'userOffset', 'userPrefix']) assert.ok(!perMachineKeys.includes(k), k);
});

test('compare leaves out what says how a run was shown or repeated, read off the table', () => {
  assert.equal(comparePresentationKeys, presentationKeys);
  for (const k of ['reportPath', 'json', 'progress', 'verbose', 'trials', 'untilHang', 'betweenTrialsMs'])
    assert.ok(presentationKeys.includes(k), k);
  for (const k of ['users', 'durationMs', 'target', 'tokens']) assert.ok(!presentationKeys.includes(k), k);
});

test('secrets and URLs are redacted by their rows', () => {
  const redacted = Object.fromEntries(runRows.filter(([, r]) => r.redact !== undefined).map(([k, r]) => [k, r.redact]));
  assert.deepEqual(redacted, {
    target: 'url',
    gatewayArgs: 'args',
    metricsUrl: 'url',
    pprofUrl: 'url',
    token: 'secret',
    apiUrl: 'url',
    secret: 'secret',
  });
});
