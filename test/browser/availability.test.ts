/**
 * README's `npm test` on a fresh machine: the browser test is skipped, loudly,
 * when Chromium is missing outside CI, and fails when `CI=true`. The real
 * test file is run in a child `node --test` with Chromium hidden through
 * `IMSTRESS_TEST_CHROMIUM` (a path that does not exist).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromiumAvailability } from './chromium.js';

const browserTest = fileURLToPath(new URL('./html-report.test.js', import.meta.url));
const HIDDEN = '/nonexistent/imstress-no-chromium';

function runBrowserTest(ci: string | undefined): { code: number | null; out: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, IMSTRESS_TEST_CHROMIUM: HIDDEN };
  delete env['CI'];
  // The child inherits this runner's NODE_TEST_CONTEXT otherwise and reports to it instead of printing.
  delete env['NODE_TEST_CONTEXT'];
  if (ci !== undefined) env['CI'] = ci;
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', browserTest], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

test('chromiumAvailability: missing is a skip outside CI and required with CI=true', () => {
  const none = (): boolean => false;
  assert.equal(chromiumAvailability({}, none).required, false);
  assert.equal(chromiumAvailability({ CI: 'true' }, none).required, true);
  assert.match(chromiumAvailability({}, none).missing ?? '', /\/usr\/bin\/chromium is missing: apt-get install/);
  assert.equal(chromiumAvailability({ IMSTRESS_TEST_CHROMIUM: '/opt/c' }, (p) => p === '/opt/c').missing, null);
});

test('the browser test without Chromium: skipped loudly outside CI, a failure with CI=true', () => {
  const fresh = runBrowserTest(undefined);
  assert.equal(fresh.code, 0, fresh.out);
  assert.match(fresh.out, /# SKIP SKIPPED the browser test \(CI is not "true"\)/);
  assert.match(fresh.out, /\*\*\* imstress: SKIPPED the browser test/);
  const ci = runBrowserTest('true');
  assert.equal(ci.code, 1, ci.out);
  assert.match(ci.out, /CI=true: the browser test is required\. \/nonexistent\/imstress-no-chromium is missing/);
});
