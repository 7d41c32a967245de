/**
 * `--html` on `imstress report` and `imstress compare` through `main()` in
 * process: the page is written atomically where asked, the exit code is the
 * command's own, and an unwritable path is a usage error naming the flag.
 * (`run --html` is exercised by test/browser/, on a real run.)
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode } from '../../src/errors.js';
import { serializeReport } from '../../src/report/io.js';
import { verdictBanner } from '../../src/reporters/console.js';
import { escapeHtml } from '../../src/reporters/html/index.js';
import { hangEvidence, report } from '../report/fixtures.js';
import { runMain } from './capture-io.js';

const dir = mkdtempSync(join(tmpdir(), 'imstress-html-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const hungReport = report({ end: 'hang-abort', hang: hangEvidence() });
const hung = join(dir, 'hang.json');
const ok = join(dir, 'ok.json');
writeFileSync(hung, serializeReport(hungReport));
writeFileSync(ok, serializeReport(report()));

const noTempFiles = (where: string): void => assert.deepEqual(readdirSync(where).filter((f) => f.includes('.tmp-')), [], 'no temp file left');

test('report --html FILE writes the page (directory created), exit 0', async () => {
  const out = join(dir, 'pages', 'hang.html');
  const r = await runMain(['report', hung, '--html', out]);
  assert.equal(r.code, ExitCode.ok, r.stderr);
  assert.match(r.stderr, new RegExp(`html: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const html = readFileSync(out, 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.ok(html.includes(escapeHtml(verdictBanner(hungReport))), 'the verdict banner is on the page');
  noTempFiles(join(dir, 'pages'));
});

test('compare --html FILE writes the page even when a rule fails (exit 6)', async () => {
  const out = join(dir, 'compare.html');
  const r = await runMain(['compare', ok, hung, '--max-regression', 'verdict.severity=+0', '--html', out]);
  assert.equal(r.code, ExitCode.regression, r.stderr);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /id="verdict-change" data-trend="worse"/);
  assert.match(html, /REGRESSION — 1 of 1 rules failed/);
  noTempFiles(dir);
});

test('--html to a path that cannot be written: exit 2 naming --html and the file', async () => {
  const blocker = join(dir, 'a-file');
  writeFileSync(blocker, 'not a directory');
  const out = join(blocker, 'page.html');
  const r = await runMain(['report', hung, '--html', out]);
  assert.equal(r.code, ExitCode.usage);
  assert.match(r.stderr, /--html/);
  assert.ok(r.stderr.includes(out), r.stderr);
});
