/**
 * Version 2 reports written before the report contract became one schema
 * (issue #13 step 3) still read, unchanged, and render. The fixtures
 * test/fixtures/reports/v2-*.json were written by the build of commit
 * 50d7a69: a 20 s healthy run of the embedded gateway, and a `--trials 5
 * --until-hang` run of the wedge scenario (fast-wedge gateway arguments)
 * whose second trial hung (trials, hang digest, outages sections present).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readReport, serializeReport } from '../../src/report/io.js';
import { reportIssues } from '../../src/report/check.js';
import { REPORT_SCHEMA_VERSION } from '../../src/report/schema.js';
import { compareReports, comparisonExitCode } from '../../src/report/compare.js';
import { renderSummary } from '../../src/reporters/console.js';
import { renderReportMarkdown } from '../../src/reporters/markdown.js';
import { renderJunit } from '../../src/reporters/junit.js';
import { renderReportHtml } from '../../src/reporters/html/index.js';

const dir = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'), 'test', 'fixtures', 'reports');
const ok = join(dir, 'v2-ok.json');
const hang = join(dir, 'v2-hang.json');

test('the fixtures are version 2 reports, the version this build writes, and read back byte for byte', () => {
  for (const f of [ok, hang]) {
    const text = readFileSync(f, 'utf8');
    assert.equal((JSON.parse(text) as { version: unknown }).version, REPORT_SCHEMA_VERSION, f);
    assert.equal(serializeReport(readReport(f)), text, `${f}: the schema neither drops nor reorders a field`);
  }
});

test('both pass every check of the schema, histograms included', () => {
  for (const f of [ok, hang]) assert.deepEqual(reportIssues(readReport(f), f), [], f);
});

test('the hung trials report keeps its sections and every renderer draws it', () => {
  const r = readReport(hang);
  assert.equal(r.verdict.status, 'hang');
  assert.ok(r.trials !== undefined && r.trials.hang.k >= 1, 'a trial hung');
  assert.ok(r.hang?.digest !== undefined && r.hang.digest !== null, 'the hang digest is there');
  assert.match(renderSummary(r, { color: false, reportPath: hang, width: 100 }), /HANG at/);
  assert.match(renderReportMarkdown(r), /HANG/);
  assert.match(renderJunit(r), /<testsuites/);
  assert.match(renderReportHtml(r), /chart-stuck/);
});

test('compare of the two: ok → hang is a regression, hang → ok is not', () => {
  assert.equal(readReport(ok).verdict.status, 'ok');
  assert.notEqual(comparisonExitCode(compareReports(readReport(ok), readReport(hang), [])), 0);
  assert.equal(comparisonExitCode(compareReports(readReport(hang), readReport(ok), [])), 0);
});
