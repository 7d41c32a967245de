/**
 * `--openim-version`, `--admin-user`, `--msg-resp` (openim-protocol.md §14):
 * parsed from flags and scenario files with the usual precedence, bad values
 * named with what was expected, and the isMsgResp default per release.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveRunConfig } from '../../src/config/resolve.js';
import type { RawRunFlags } from '../../src/config/run-settings.js';
import { parseScenario } from '../../src/config/scenario.js';
import { defaultMsgResp, tokenFlowOf, openimVersions } from '../../src/protocol/openim/versions.js';
import { usageIssues, withTempDir } from './helpers.js';

function resolveIn(flags: RawRunFlags, file: string | null = null) {
  return withTempDir((cwd) => {
    const parsed = file === null ? null : parseScenario(file, 's.yaml', 'yaml');
    if (parsed !== null) assert.ok(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.issues));
    return resolveRunConfig({
      flags,
      scenario: parsed?.ok === true ? parsed.scenario : null,
      scenarioPath: file === null ? null : 's.yaml',
      cwd,
    });
  });
}

test('flags set the release, the admin user and isMsgResp; the file is overridden by flags', () => {
  const c = resolveIn({ openimVersion: '3.8.2', adminUser: 'boss', msgResp: false });
  assert.equal(c.openimVersion, '3.8.2');
  assert.equal(c.adminUser, 'boss');
  assert.equal(c.msgResp, false);
  const f = resolveIn({ openimVersion: '3.5' }, 'openimVersion: "3.8.0"\nadminUser: fileAdmin\nmsgResp: true\n');
  assert.equal(f.openimVersion, '3.5', 'the flag wins');
  assert.equal(f.adminUser, 'fileAdmin');
  assert.equal(f.msgResp, true);
});

test('bad values are listed together, each at its flag, with the choices', () => {
  const issues = withTempDir((cwd) =>
    usageIssues(() =>
      resolveRunConfig({ flags: { openimVersion: '3.9', adminUser: 'has space' }, scenario: null, scenarioPath: null, cwd }),
    ),
  );
  const where = issues.map((i) => i.where);
  assert.ok(where.includes('--openim-version'), JSON.stringify(issues));
  assert.ok(where.includes('--admin-user'), JSON.stringify(issues));
  const v = issues.find((i) => i.where === '--openim-version');
  for (const choice of openimVersions) assert.ok(v?.message.includes(choice), v?.message);
});

test('release choices where they cannot apply are refused: with the raw adapter, or --admin-user with a pre-3.8.2 release', () => {
  const raw = withTempDir((cwd) =>
    usageIssues(() =>
      resolveRunConfig({
        flags: { adapter: 'raw', target: 'ws://gw:1/', openimVersion: '3.8.2', msgResp: true },
        scenario: null,
        scenarioPath: null,
        cwd,
      }),
    ),
  );
  assert.deepEqual(raw.map((i) => i.where).sort(), ['--msg-resp', '--openim-version']);
  assert.match(raw[0]?.message ?? '', /openim adapter/);
  const old = withTempDir((cwd) =>
    usageIssues(() => resolveRunConfig({ flags: { openimVersion: '3.7', adminUser: 'boss' }, scenario: null, scenarioPath: null, cwd })),
  );
  assert.equal(old.length, 1);
  assert.equal(old[0]?.where, '--admin-user');
  assert.match(old[0]?.message ?? '', /--openim-version is 3\.7 \(--openim-version\); expected 3\.8\.2 or auto/);
  assert.equal(resolveIn({ openimVersion: '3.8.2', adminUser: 'boss' }).adminUser, 'boss');
});

test('a scenario file with a bad release names the key', () => {
  const r = parseScenario('openimVersion: "4.0"\n', 's.yaml', 'yaml');
  assert.equal(r.ok, false);
  if (!r.ok)
    assert.ok(
      r.issues.some((i) => i.where.includes('openimVersion')),
      JSON.stringify(r.issues),
    );
});

test('token flow and isMsgResp default per release (§14.1, §14.2)', () => {
  assert.equal(tokenFlowOf('3.5'), 'user-token');
  assert.equal(tokenFlowOf('3.8.0'), 'user-token', 'v3.8.0 and v3.8.1 still have /auth/user_token');
  assert.equal(tokenFlowOf('3.8.2'), 'admin-token');
  assert.equal(tokenFlowOf('auto'), null, 'auto asks the API');
  assert.equal(defaultMsgResp('3.5', 'user-token'), false, 'the v3.5.1 tag never sends the frame');
  assert.equal(defaultMsgResp('3.6', 'user-token'), true);
  assert.equal(defaultMsgResp('auto', 'user-token'), false, 'a user_token API may be v3.5.1');
  assert.equal(defaultMsgResp('auto', 'admin-token'), true);
  assert.equal(defaultMsgResp('auto', null), false, 'static tokens: nothing known about the server');
});
