import { REPORT_SCHEMA_VERSION } from '../../src/report/schema.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderSummary, verdictBanner } from '../../src/reporters/console.js';
import { renderJson } from '../../src/reporters/json.js';
import { shouldUseColor } from '../../src/reporters/style.js';
import { hangEvidence, report, threshold } from '../report/fixtures.js';

const ANSI = /\u001b\[/;

test('summary without colour: verdict first, then the phase table, no ANSI codes', () => {
  const out = renderSummary(report(), { color: false, reportPath: 'reports/churn-20240506-070809.json' });
  assert.doesNotMatch(out, ANSI);
  const lines = out.split('\n');
  assert.match(lines[0] ?? '', /^OK — 995 iterations in 10 s; no hang, no leak/);
  const header = lines.findIndex((l) => /phase\s+count\s+p50\s+p90\s+p99\s+p99\.9\s+max\s+p99 corrected/.test(l));
  assert.ok(header > 0, 'phase table header present');
  for (const p of ['handshake', 'reply', 'close', 'iteration', 'stall']) {
    assert.ok(
      lines.slice(header + 1).some((l) => l.trimStart().startsWith(`${p} `)),
      `row for ${p}`,
    );
  }
  assert.ok(!lines.some((l) => l.trimStart().startsWith('push ')), 'empty phases are left out');
  assert.match(out, /reply-timeout/);
  assert.match(out, /no reply within the reply timeout/, 'error kinds carry their meaning');
  assert.match(out, /at 00:03 for 2\.5 s — 4 waiting for a reply/);
  assert.match(out, /no ghost sessions/);
  assert.match(out, /Coordinated omission/);
  assert.ok(lines.some((l) => l === 'report: reports/churn-20240506-070809.json'));
});

test('summary with colour has ANSI codes, and the same text underneath', () => {
  const r = report();
  const colored = renderSummary(r, { color: true });
  assert.match(colored, ANSI);
  assert.equal(colored.replace(/\u001b\[[0-9;]*m/g, ''), renderSummary(r, { color: false }));
});

test('hang banner: when, how long, who is stuck where, server count, dump', () => {
  const r = report({ end: 'hang-abort', hang: hangEvidence() });
  assert.equal(
    verdictBanner(r),
    'HANG at 00:41 — no progress for 10 s; 92 users stuck waiting for a reply (open but silent), 8 in close; server online count frozen at 100; dump saved in the report (embedded)',
  );
  const out = renderSummary(r, { color: false, width: 60 });
  assert.ok(out.startsWith('HANG at 00:41'));
  assert.match(out, /Connections open but silent/);
  assert.match(out, /u7 {2}waiting for a reply {2}10\.5 s {2}\(open but silent\)/);
  // Prose wraps at the width (the banner is one line, tables keep their columns).
  const co = out.slice(out.indexOf('Coordinated omission')).split('\n');
  assert.ok(co.length > 4);
  for (const line of co) assert.ok(line.length <= 60, `wrapped at the width: ${line}`);
});

test('oldest waits say how long a retrying VU has gone without progress; the drain says why it was not run', () => {
  const h = {
    ...hangEvidence(),
    oldestWaits: [
      { userID: 'u3', phase: 'awaiting-reply' as const, waitedMs: 1_500, openSilent: true, noProgressMs: 17_000, failedAttempts: 3 },
    ],
  };
  const out = renderSummary(report({ end: 'hang-abort', hang: h }), { color: false });
  assert.match(out, /u3 {2}waiting for a reply {2}1\.5 s {2}\(open but silent; no progress for 17 s, 3 attempts given up\)/);
  const cut = renderSummary(
    report({ drain: { checked: false, notCheckedBecause: 'interrupted', baseline: 0, final: 4, ghosts: 0, waitedMs: 300 } }),
    { color: false },
  );
  assert.match(cut, /Drain check\n {2}not run \(the run was interrupted before the online count came back\)/);
  const none = renderSummary(
    report({ drain: { checked: false, notCheckedBecause: 'no-online-count', baseline: null, final: null, ghosts: 0, waitedMs: 0 } }),
    { color: false },
  );
  assert.match(none, /not run \(the server's online count was not available\)/);
});

test('other banners: leak, thresholds, target unavailable, interrupted', () => {
  assert.match(
    verdictBanner(report({ drain: { checked: true, baseline: 0, final: 12, ghosts: 12, waitedMs: 5000 } })),
    /^LEAK — 12 ghost sessions: .*online 0 before the run, 12 after 5 s/,
  );
  const th = report(
    {},
    { thresholds: [threshold('reply.p99<5ms', 'reply.p99', '<', 5), threshold('errors.rate<1%', 'errors.rate', '<', 0.01)] },
  );
  assert.match(verdictBanner(th), /^THRESHOLDS FAILED — 1 of 2 breached: reply\.p99<5ms \(actual 99\.\dms\)/);
  const out = renderSummary(th, { color: false });
  assert.match(out, /✗ reply\.p99<5ms/);
  assert.match(out, /✓ errors\.rate<1% {2}\(actual 0\.50%\)/);
  const t = report().totals;
  assert.match(
    verdictBanner(report({ end: 'target-unavailable', totals: { ...t, handshakes: 0 } })),
    /^TARGET UNAVAILABLE — no virtual user reached the target: 3 reply-timeout, 2 kicked/,
  );
  assert.match(verdictBanner(report({ end: 'interrupted' })), /^INTERRUPTED at 00:10/);
});

test('renderJson is the stable, two-space report', () => {
  const r = report();
  const text = renderJson(r);
  assert.ok(text.startsWith(`{\n  "schema": "imstress-report",\n  "version": ${REPORT_SCHEMA_VERSION},\n`));
  assert.ok(text.endsWith('}\n'));
  assert.deepEqual(JSON.parse(text), r);
  assert.equal(renderJson(r), text);
});

test('shouldUseColor: TTY only, and never with NO_COLOR set', () => {
  assert.equal(shouldUseColor(true, {}), true);
  assert.equal(shouldUseColor(false, {}), false);
  assert.equal(shouldUseColor(true, { NO_COLOR: '1' }), false);
  assert.equal(shouldUseColor(true, { NO_COLOR: '' }), true);
});
