import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactConfig, redactUrl } from '../../src/config/redact.js';
import { resolveRunConfig } from '../../src/config/resolve.js';
import type { RawRunFlags } from '../../src/config/run-settings.js';
import { withTempDir } from './helpers.js';

const resolve = (flags: RawRunFlags) => withTempDir((cwd) => resolveRunConfig({ flags, scenario: null, scenarioPath: null, cwd }));

test('redactUrl hides userinfo and secret query parameters, keeps the rest', () => {
  const table: [string, string][] = [
    ['ws://gw:10001/', 'ws://gw:10001/'],
    ['ws://alice:pw@gw:10001/ws', 'ws://<redacted>@gw:10001/ws'],
    ['https://TOKEN@api.example/x', 'https://<redacted>@api.example/x'],
    ['ws://gw/?sendID=u1&token=eyJabc&platformID=1', 'ws://gw/?sendID=u1&token=<redacted>&platformID=1'],
    ['http://m/metrics?secret=s&Token=t#frag', 'http://m/metrics?secret=<redacted>&Token=<redacted>#frag'],
    ['http://m/a@b', 'http://m/a@b'],
  ];
  for (const [url, expected] of table) assert.equal(redactUrl(url), expected, url);
});

test('redactConfig hides the token, the secret and URL credentials, and leaves the config untouched', () => {
  const api = resolve({
    target: 'ws://u:p@gw:1/?token=abc',
    apiUrl: 'http://apiuser:pw@gw:2',
    secret: 'hunter2',
    metricsUrl: 'http://gw:3/metrics?token=m',
    pprofUrl: 'http://x:y@gw:4/debug/pprof/',
  });
  const r = redactConfig(api) as Record<string, unknown>;
  const text = JSON.stringify(r);
  for (const secret of ['hunter2', 'abc', 'apiuser', 'pw', 'u:p', 'token=m', 'x:y'])
    assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
  assert.deepEqual(r['tokens'], { kind: 'api', apiUrl: 'http://<redacted>@gw:2', secret: '<redacted>', concurrency: 16, register: true });
  assert.deepEqual(r['target'], { kind: 'url', url: 'ws://<redacted>@gw:1/?token=<redacted>' });
  assert.equal(r['users'], 100);
  assert.equal(api.tokens.kind === 'api' ? api.tokens.secret : null, 'hunter2');

  const stat = redactConfig(resolve({ target: 'ws://gw:1', token: 'tok-123' })) as Record<string, unknown>;
  assert.deepEqual(stat['tokens'], { kind: 'static', token: '<redacted>' });

  const embedded = redactConfig(resolve({ secret: 'gwsecret', gatewayArg: ['--seed', '3'] })) as Record<string, unknown>;
  assert.deepEqual(embedded['target'], { kind: 'embedded', gatewayMode: 'v3.5.1', gatewayArgs: ['--seed', '3', '--secret', '<redacted>'] });
  const eq = redactConfig(resolve({ gatewayArg: ['--secret=zz'] })) as Record<string, unknown>;
  assert.ok(!JSON.stringify(eq).includes('zz'));
});

test('embeddedSecret finds the secret the embedded gateway runs with', async () => {
  const { embeddedSecret } = await import('../../src/config/targets.js');
  assert.equal(embeddedSecret([]), 'openIM123');
  assert.equal(embeddedSecret(['--seed', '1', '--secret', 'a']), 'a');
  assert.equal(embeddedSecret(['--secret=b']), 'b');
  const c = resolve({ secret: 'viaflag' });
  assert.equal(c.target.kind === 'embedded' ? embeddedSecret(c.target.gatewayArgs) : null, 'viaflag');
});
