/**
 * Reports written before format version 2 still read, render and compare.
 * The fixtures under test/fixtures/reports/ were written by the build before
 * the change (commit 6214c7c, format version 1): a 3 s healthy run and a run
 * of the embedded v3.5.1 gateway that wedged (fast-wedge gateway arguments).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readReport } from '../../src/report/io.js';
import { REPORT_SCHEMA_VERSION } from '../../src/report/schema.js';
import { compareReports, comparisonExitCode } from '../../src/report/compare.js';
import { renderSummary } from '../../src/reporters/console.js';
import { renderReportMarkdown } from '../../src/reporters/markdown.js';
import { renderJunit } from '../../src/reporters/junit.js';
import { renderReportHtml } from '../../src/reporters/html/index.js';

const dir = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'), 'test', 'fixtures', 'reports');
const ok = join(dir, 'v1-ok.json');
const hang = join(dir, 'v1-hang.json');

test('the fixtures really are version 1 reports', () => {
  for (const f of [ok, hang]) assert.equal((JSON.parse(readFileSync(f, 'utf8')) as { version: unknown }).version, 1, f);
});

test('a version 1 report reads as the current version, with its verdict and numbers intact', () => {
  const r = readReport(hang);
  assert.equal(r.version, REPORT_SCHEMA_VERSION);
  assert.equal(r.verdict.status, 'hang');
  assert.equal(r.verdict.exitCode, 5);
  assert.ok(r.totals.iterations > 0);
  assert.equal(r.trials, undefined);
  assert.equal(r.outages, undefined);
  assert.equal(readReport(ok).verdict.status, 'ok');
});

test('every renderer draws a version 1 report', () => {
  const r = readReport(hang);
  assert.match(renderSummary(r, { color: false, reportPath: hang, width: 100 }), /HANG at/);
  assert.match(renderReportMarkdown(r), /HANG/);
  assert.match(renderJunit(r), /<testsuites/);
  const html = renderReportHtml(r);
  assert.match(html, /chart-progress/);
  assert.match(html, /chart-stuck/);
});

test('compare of two version 1 reports: hang → ok is an improvement, ok → hang a regression by default', () => {
  const fixed = compareReports(readReport(hang), readReport(ok), []);
  assert.equal(comparisonExitCode(fixed), 0);
  const broken = compareReports(readReport(ok), readReport(hang), []);
  assert.equal(comparisonExitCode(broken), 6, 'a worse verdict fails compare with no rule given (issue #12)');
});
