/**
 * Real `imstress run`s against the embedded gateway in its later-release
 * shapes (openim-protocol.md §14): `--openim-version auto` finds the v3.8
 * admin-token flow and says so; `--openim-version 3.5` against v3.8 fails fast
 * with exit 3 and a hint; and a wedged v3.5.1-shaped gateway that honours
 * isMsgResp (the release-v3.5 branch) is still `open-but-silent`: the success
 * frame it sends before the stuck register is not progress.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { fastWedgeGatewayArgs, runUntilWedged, wedgeAttemptSeconds, wedgeDetectArgs } from '../helpers/wedge.js';

const dir = mkdtempSync(join(tmpdir(), 'imstress-versions-'));
const readJson = (p: string): Record<string, any> => JSON.parse(readFileSync(p, 'utf8')) as Record<string, any>;
/** A JWT (header.payload.signature, base64url): no token of any kind belongs in a report. */
const jwt = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

test('v3.8 with --openim-version auto: the admin-token flow is found, used, reported and summarised; no token in the report', async () => {
  const report = join(dir, 'auto-v38.json');
  const r = await runCli(
    [
      'run',
      '--users',
      '100',
      '--gateway-mode',
      'v3.8',
      '--openim-version',
      'auto',
      '--duration',
      '5s',
      '--report',
      report,
      '--progress',
      'off',
    ],
    { timeoutMs: 90_000 },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr.replace(/\s+/g, ' '),
    /OpenIM --openim-version auto: tokens by the admin-token flow .* found by probing get_admin_token · isMsgResp on/,
  );
  const rep = readJson(report);
  assert.deepEqual(rep['openim'], { version: 'auto', tokenFlow: 'admin-token', detected: true, msgResp: true, adminUser: 'imAdmin' });
  assert.ok(rep['totals'].replies > 0, 'sessions were served');
  assert.equal(rep['errors'].byKind['handshake-rejected'] ?? 0, 0);
  assert.doesNotMatch(readFileSync(report, 'utf8'), jwt);
});

test('v3.8 with --openim-version 3.5: fails fast at registration with exit 3, naming step, route, errCode and the flag to pass', async () => {
  const started = performance.now();
  const r = await runCli(
    [
      'run',
      '--users',
      '100',
      '--gateway-mode',
      'v3.8',
      '--openim-version',
      '3.5',
      '--duration',
      '30s',
      '--report',
      join(dir, 'v35-on-v38.json'),
      '--progress',
      'off',
    ],
    {
      timeoutMs: 60_000,
    },
  );
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /step "register users" \(user-token flow\)/);
  assert.match(r.stderr, /\/user\/user_register/);
  assert.match(r.stderr, /errCode 1505/);
  assert.match(r.stderr, /hint: .*--openim-version 3\.8\.2/);
  assert.ok(performance.now() - started < 30_000, 'it did not run the 30 s load');
});

test('a wedged v3.5.1-shaped gateway with isMsgResp on: 101 + success frame + silence is still open-but-silent', async () => {
  const report = join(dir, 'wedge-msgresp.json');
  const r = await runUntilWedged(() =>
    runCli(
      [
        'run',
        '--users',
        '100',
        '--duration',
        `${wedgeAttemptSeconds}s`,
        ...fastWedgeGatewayArgs,
        '--gateway-arg=--msg-resp',
        '--msg-resp',
        ...wedgeDetectArgs,
        '--report',
        report,
        '--progress',
        'off',
      ],
      { timeoutMs: 120_000 },
    ),
  );
  assert.equal(r.code, 5, r.stderr);
  const rep = readJson(report);
  assert.equal(rep['openim'].msgResp, true, 'every connection asked for the frame');
  assert.equal(rep['openim'].tokenFlow, 'user-token', "auto fell back: v3.5.1's API has no get_admin_token");
  assert.equal(rep['hang'].kind, 'open-but-silent');
  assert.ok(rep['hang'].openSilent > 0);
  assert.equal(rep['errors'].byKind['handshake-timeout'] ?? 0, 0, 'the success frames did arrive: the handshakes completed');
});
