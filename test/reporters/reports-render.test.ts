/**
 * The compare renderings (terminal, markdown) and the report's markdown and
 * JUnit: what they say, colour only when asked, and escaping of what the
 * target sent (error messages, user IDs) so the output stays well-formed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareReports } from '../../src/report/compare.js';
import { parseRegressionRules } from '../../src/report/regression-rules.js';
import { renderCompareConsole } from '../../src/reporters/compare-console.js';
import { renderCompareMarkdown, renderReportMarkdown, mdEscape } from '../../src/reporters/markdown.js';
import { junitCases, renderJunit, xmlEscape } from '../../src/reporters/junit.js';
import { renderSummary } from '../../src/reporters/console.js';
import { drainNotRunReason, shardFacts } from '../../src/reporters/format.js';
import { mergeReports } from '../../src/report/merge.js';
import { escapeHtml, renderReportHtml } from '../../src/reporters/html/index.js';
import { hangEvidence, report, threshold } from '../report/fixtures.js';

const ANSI = /\u001b\[/;

test('compare in the terminal: no escape codes without colour, some with; the no-rules note', () => {
  const c = compareReports(report({ hang: hangEvidence(), end: 'hang-abort' }), report(), []);
  const plain = renderCompareConsole(c, { color: false });
  assert.doesNotMatch(plain, ANSI);
  assert.match(plain, /^verdict: hang → ok \(improved\)$/m);
  assert.match(plain, /^ {2}timeToHang +41 s +none +no hang now +better$/m);
  assert.match(plain, /no regression: the verdict is not worse; metric changes fail only with --max-regression rules/);
  assert.match(renderCompareConsole(c, { color: true }), ANSI);
});

test('compare markdown: a header, one table row per metric, the rules as a list, the result line', () => {
  const { rules } = parseRegressionRules(['errors=+0']);
  const base = report();
  const c = compareReports(base, base, rules, { baseFile: 'a|b.json', headFile: 'c.json' });
  const md = renderCompareMarkdown(c, { base, head: base });
  assert.match(md, /^### ✅ imstress compare: ok \(unchanged\)$/m);
  assert.match(md, /^\| report \| `a\\\|b\.json` \| `c\.json` \|$/m, 'a pipe in a file name is escaped, so it does not break the table');
  const rows = md.split('\n').filter((l) => l.startsWith('| `'));
  assert.equal(rows.length, c.metrics.length);
  assert.match(md, /^- ✅ errors=\+0: within the limit/m);
  assert.match(md, /\*\*no regression: 1 rule passed \(exit 0\)\*\*/);
});

test('mdEscape and xmlEscape neutralise markup and control characters', () => {
  assert.equal(mdEscape('a|b *c* <d>\nnext'), 'a\\|b \\*c\\* \\<d\\> next');
  assert.equal(xmlEscape('<a b="c">&\'\u0000\u001b[31m'), '&lt;a b=&quot;c&quot;&gt;&amp;&apos;[31m');
});

test('JUnit: one case per check; a failure per failed check with its type; a skipped drain check when it did not run', () => {
  const r = report(
    {
      hang: hangEvidence({ oldestWaits: [{ userID: 'u<1>', phase: 'awaiting-reply', waitedMs: 12_000, openSilent: true }] }),
      end: 'hang-abort',
      drain: { checked: false, baseline: null, final: null, ghosts: 0, waitedMs: 0 },
    },
    { thresholds: [threshold('reply.p99<1ms', 'reply.p99', '<', 1)] },
  );
  const cases = junitCases(r);
  assert.deepEqual(
    cases.map((c) => [c.name, c.outcome.state]),
    [
      ['run completed (not interrupted)', 'passed'],
      ['target reachable', 'passed'],
      ['no hang', 'failed'],
      ['no leak (drain check)', 'skipped'],
      ['threshold reply.p99<1ms', 'failed'],
    ],
  );
  const xml = renderJunit(r);
  assert.match(xml, /tests="5" failures="2" errors="0" skipped="1"/);
  assert.match(xml, /u&lt;1&gt; waiting for a reply 12 s \(open but silent\)/);
  assert.match(xml, /<failure message="reply\.p99&lt;1ms breached \(actual [^"]+\)" type="threshold">/);
  assert.match(xml, /<skipped message="drain check not run/);
  // well-formed enough for a CI parser: every opened testcase is closed
  assert.equal((xml.match(/<testcase /g) ?? []).length, 5);
  assert.equal((xml.match(/<testcase [^>]*\/>/g) ?? []).length + (xml.match(/<\/testcase>/g) ?? []).length, 5);
});

test('report markdown: verdict banner as heading, hang evidence, latency table, thresholds', () => {
  const r = report({ hang: hangEvidence(), end: 'hang-abort' }, { thresholds: [threshold('reply.p99<500ms', 'reply.p99', '<', 500)] });
  const md = renderReportMarkdown(r);
  assert.match(md, /^### imstress: HANG at 00:41 — no progress for 10 s/);
  assert.match(md, /^\*\*Connections open but silent\*\* — /m);
  assert.match(md, /^\| reply \| 1,000 \|/m);
  assert.match(md, /^\| `reply\.p99<500ms` \| \S+ \| ✅ met \|$/m);
});

test('every rendering gives the same reason for a drain check not run (interrupted, no online count)', () => {
  const cases = [
    { checked: false, notCheckedBecause: 'interrupted', baseline: 0, final: 4, ghosts: 0, waitedMs: 300 },
    { checked: false, notCheckedBecause: 'no-online-count', baseline: null, final: null, ghosts: 0, waitedMs: 0 },
  ] as const;
  const reasons = new Set<string>();
  for (const drain of cases) {
    const r = report({ drain });
    const why = drainNotRunReason(drain);
    reasons.add(why);
    assert.ok(renderSummary(r, { color: false, width: 200 }).includes(`not run (${why})`), 'console');
    assert.ok(renderReportMarkdown(r).includes(`not run (${mdEscape(why)})`), 'markdown');
    assert.ok(renderJunit(r).includes(xmlEscape(`drain check not run: ${why}`)), 'junit');
    assert.ok(renderReportHtml(r).includes(`not run (${escapeHtml(why)})`), 'html');
  }
  assert.equal(reasons.size, 2, 'the two reasons read differently');
});

test('a merged report lists its shards (file, own verdict, facts) and its notes in the terminal, markdown and HTML', () => {
  const t0 = '2024-05-06T07:08:09.000Z';
  const shard = (index: number, startedAt: string, result: Parameters<typeof report>[0] = {}): ReturnType<typeof report> =>
    report({ startedAt, ...result }, { shard: { index, count: 3 } });
  const merged = mergeReports(
    [
      { file: 'shard-0.json', report: shard(0, t0) },
      { file: 'shard-2.json', report: shard(2, '2024-05-06T07:08:11.000Z', { end: 'hang-abort', hang: hangEvidence() }) },
    ],
    '0.1.0',
  );
  const shards = merged.shards ?? [];
  assert.equal(shards.length, 2);
  const note = merged.notes?.find((n) => /missing/.test(n));
  assert.ok(note !== undefined);
  const term = renderSummary(merged, { color: false, width: 300 });
  const md = renderReportMarkdown(merged);
  const html = renderReportHtml(merged);
  assert.ok(term.includes(`Shards (2)`) && md.includes('#### Shards (2)') && html.includes('<h2>Shards (2)</h2>'));
  for (const sh of shards) {
    const line = term.split('\n').find((l) => l.includes(` ${sh.file}  `));
    assert.equal(line, `  ${sh.verdict.status.padEnd(18)} ${sh.file}  ${shardFacts(sh)}`);
    assert.ok(md.includes(`| \`${sh.file}\` | **${sh.verdict.status}** | ${mdEscape(shardFacts(sh))} |`), md);
    assert.ok(html.includes(escapeHtml(shardFacts(sh))) && html.includes(`>${escapeHtml(sh.verdict.status)}</span>`), 'html');
  }
  assert.match(shards[1] === undefined ? '' : shardFacts(shards[1]), /^shard 2\/3 · test-host · started \+2\.0 s · ran /);
  for (const text of [term, md, html]) assert.ok(text.includes('note: shard 1 of 3 missing'), 'the note');
  assert.doesNotMatch(renderSummary(report(), { color: false }), /Shards/, 'a single run has no shard list');
});
