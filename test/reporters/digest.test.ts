/**
 * The dump digest in every renderer, from the dumps of a real Go program
 * that wedged (the self-send fixture): the summary's hang block, markdown
 * and JUnit carry the top lines, the HTML page shows the digest before the
 * raw dump, escaped, and a report without a digest renders as before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digestDumps } from '../../src/explain/index.js';
import { renderSummary } from '../../src/reporters/console.js';
import { renderReportMarkdown } from '../../src/reporters/markdown.js';
import { renderJunit } from '../../src/reporters/junit.js';
import { renderReportHtml } from '../../src/reporters/html/index.js';
import { reportShapeIssues } from '../../src/report/shape.js';
import type { Report } from '../../src/report/schema.js';
import { hangEvidence, report } from '../report/fixtures.js';
import { dumpText } from '../explain/fixtures.js';

function hungReport(hostileSuffix = ''): Report {
  const hang = dumpText('self-send', 'hang.txt').replace('main.producer', `main.producer${hostileSuffix}`);
  const later = dumpText('self-send', 'later.txt').replace('main.producer', `main.producer${hostileSuffix}`);
  const baseline = dumpText('self-send', 'baseline.txt');
  const dump = (text: string) => ({ source: 'goroutine dump http://127.0.0.1:1/debug/pprof/goroutine?debug=2', text, truncated: false });
  return report({
    end: 'hang-abort',
    hang: hangEvidence({
      dump: dump(hang),
      laterDump: dump(later),
      baselineDump: dump(baseline),
      digest: digestDumps(hang, later, baseline),
    }),
  });
}

test('the summary hang block: caption, the explanation, then the top three digest lines', () => {
  const text = renderSummary(hungReport(), { color: false, width: 100 });
  const at = text.indexOf('goroutine dump digest (14 goroutines; the hang dump, a later one, the baseline before the load):');
  assert.ok(at > 0, text);
  const block = text.slice(at);
  assert.match(block, /the loop in main\.\(\*server\)\.run \(main\.go:\d+\) is blocked sending\s+from inside its own/);
  assert.match(block, /\n {4}1× goroutine \d+ \[chan send\]: server\.run → server\.handle → server\.retry/);
  assert.match(block, /\n {4}12× \[chan send\]: producer/);
});

test('markdown and JUnit carry the explanation and the top lines', () => {
  const r = hungReport();
  const md = renderReportMarkdown(r);
  assert.match(md, /goroutine dump digest \(14 goroutines.*\): the loop in main\.\(\\\*server\)\.run/);
  assert.match(md, /^- `1× goroutine \d+ \[chan send\]: server\.run → server\.handle → server\.retry/m);
  const xml = renderJunit(r);
  assert.match(xml, /goroutine dump digest \(14 goroutines[^\n]*:\n {2}the loop in main\.\(\*server\)\.run/);
  assert.match(xml, /\n {2}12× \[chan send\]: producer \(main\.go:\d+\) — stuck/);
});

test('HTML: the digest before the raw dump, the first group open, later and baseline dumps after; target text escaped', () => {
  const hostile = '<img src=x onerror=alert(1)>';
  const html = renderReportHtml(hungReport(hostile));
  const digest = html.indexOf('<div id="digest">');
  const raw = html.indexOf('<details id="dump">');
  assert.ok(digest > 0 && raw > digest, 'digest first, raw dump below');
  assert.ok(digest < html.indexOf('id="stuck"'), 'before the per-phase breakdown too');
  assert.ok(html.indexOf('id="later-dump"') > raw && html.indexOf('id="baseline-dump"') > raw);
  assert.match(html, /<details class="digest-group" open><summary><span class="bad">1× goroutine \d+ \[chan send\]: server\.run/);
  assert.ok(!html.includes(hostile), 'no raw markup from the dump');
  assert.ok(html.includes('producer&lt;img src=x onerror=alert(1)&gt;'));
});

test('a report with the digest passes the shape check; one without renders as before', () => {
  assert.deepEqual(reportShapeIssues(JSON.parse(JSON.stringify(hungReport())), 'r.json'), []);
  const bad = JSON.parse(JSON.stringify(hungReport())) as { hang: { digest: { groups: unknown } } };
  bad.hang.digest.groups = [{ line: 1 }];
  assert.match(
    reportShapeIssues(bad, 'r.json')
      .map((i) => `${i.where} ${i.message}`)
      .join('\n'),
    /r\.json:hang\.digest\.groups\[0\]\.line expected a string/,
  );
  const plain = report({
    end: 'hang-abort',
    hang: hangEvidence({ dump: { source: 's', text: 'goroutine 1 [running]:', truncated: false } }),
  });
  assert.ok(!renderSummary(plain, { color: false }).includes('digest'));
  assert.ok(!renderReportHtml(plain).includes('id="digest"'));
});
