/**
 * Renderer fixes from a new user's first runs (issue 14, point 8): JUnit that
 * the strict junit-10.xsd accepts, a compare banner that is not green while a
 * rule fails, and markdown whose hang explanation is not inside the "also"
 * bullet and whose dump source is not a link to a server that is gone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareReports } from '../../src/report/compare.js';
import { parseRegressionRules } from '../../src/report/regression-rules.js';
import { renderCompareHtml } from '../../src/reporters/html/index.js';
import { verdictColors } from '../../src/reporters/html/page.js';
import { renderJunit } from '../../src/reporters/junit.js';
import { renderReportMarkdown } from '../../src/reporters/markdown.js';
import { hangEvidence, report } from '../report/fixtures.js';

test('JUnit: `skipped` only on <testsuite> (junit-10.xsd has no such attribute on <testsuites>)', () => {
  const xml = renderJunit(
    report({ drain: { checked: false, notCheckedBecause: 'no-online-count', baseline: null, final: null, ghosts: 0, waitedMs: 0 } }),
  );
  const suites = /<testsuites ([^>]*)>/.exec(xml)?.[1] ?? '';
  const suite = /<testsuite ([^>]*)>/.exec(xml)?.[1] ?? '';
  const names = (attrs: string): string[] => [...attrs.matchAll(/([a-z]+)="/g)].map((m) => m[1] ?? '');
  // junit-10.xsd: testsuites has name, time, tests, failures, disabled, errors
  for (const a of names(suites))
    assert.ok(['name', 'time', 'tests', 'failures', 'disabled', 'errors'].includes(a), `<testsuites ${a}=…> is not in junit-10.xsd`);
  assert.match(suite, /skipped="1"/);
});

test('compare page: an improved verdict with a failed rule is a red REGRESSION banner, not a green one', () => {
  const base = report({ hang: hangEvidence({ atMs: 4000, noProgressSinceMs: 2000 }), end: 'hang-abort' });
  const head = report({ totals: { ...report().totals, errors: 55 } });
  const rules = parseRegressionRules(['errors=+0']).rules;
  const c = compareReports(base, head, rules, { baseFile: 'a.json', headFile: 'b.json' });
  assert.equal(c.verdictChange.improved, true);
  assert.equal(c.regression, true);
  const html = renderCompareHtml(base, head, c);
  const banner = /<div class="banner" id="verdict-change"[^>]*>/.exec(html)?.[0] ?? '';
  assert.match(banner, /data-regression="true"/);
  assert.ok(!banner.includes(`background:${verdictColors['ok']?.[0] ?? '?'}`), 'not the ok colours');
  assert.ok(banner.includes(`background:${verdictColors['hang']?.[0] ?? '?'}`), 'the hang (red) colours');
  assert.match(html, /REGRESSION: 1 of 1 rules failed \(exit 6\)/);
});

test('markdown: the hang explanation is its own paragraph after the "also" list; the dump source is not a link', () => {
  const r = report({
    hang: hangEvidence({
      dump: { source: 'embedded gateway task dump http://127.0.0.1:44849/debug/pprof/goroutine?debug=2', text: 'x', truncated: false },
    }),
    end: 'hang-abort',
    drain: { checked: true, baseline: 0, final: 29, ghosts: 29, waitedMs: 10_000 },
  });
  const md = renderReportMarkdown(r);
  assert.match(md, /- also: leak[^\n]*\n\n\*\*Connections open but silent\*\*/);
  assert.match(md, /`http:\/\/127\.0\.0\.1:44849\/debug\/pprof\/goroutine\?debug=2`/);
  assert.doesNotMatch(md, /[^`]http:\/\/127\.0\.0\.1:44849/);
});
