/**
 * Headline numbers that agree with the verdict: the ongoing hang is a stall,
 * the longest wait includes unfinished waits, and the reply p99 says what it
 * counts — in the figures and in every renderer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorKinds, type ErrorKind } from '../../src/protocol/adapter.js';
import { headline } from '../../src/report/headline.js';
import { renderSummary } from '../../src/reporters/console.js';
import { renderReportMarkdown } from '../../src/reporters/markdown.js';
import { cardsSection } from '../../src/reporters/html/sections.js';
import { hangEvidence, report } from './fixtures.js';

const errors = (over: Partial<Record<ErrorKind, number>>): Record<ErrorKind, number> => {
  const e = {} as Record<ErrorKind, number>;
  for (const k of errorKinds) e[k] = 0;
  return { ...e, ...over };
};

test('a run that ended hung: the hang is a stall, the longest wait is the unfinished one, reply p99 counting them is "never"', () => {
  const r = report({
    stalls: [],
    hang: hangEvidence(),
    unfinishedByPhase: { reply: 92, close: 8 },
    errorsByKind: errors({ 'reply-timeout': 200 }),
  });
  const h = headline(r);
  assert.equal(h.stalls, 1);
  assert.equal(h.endedHung, true);
  assert.ok(h.longestWaitMs !== null && h.longestWaitMs >= 12_000, 'the 12 s stall sample (an unfinished wait) is the longest');
  assert.equal(h.repliesCompleted, 1000);
  assert.equal(h.repliesNever, 292, '200 timed out + 92 still waiting at the hang');
  assert.equal(h.replyP99AllMs, 'never');
  assert.ok(h.replyP99CompletedMs !== null && h.replyP99CompletedMs < 200);
  const text = renderSummary(r, { color: false });
  assert.match(text, /Stalls \(1\)/);
  assert.match(text, /hang, never recovered/);
  assert.match(text, /longest wait: 12 s \(unfinished waits included\)/);
  assert.match(text, /reply percentiles count the 1,000 replies that came; 292 reply waits never got one — reply p99 counting them: never/);
  const md = renderReportMarkdown(r);
  assert.match(md, /Stalls: 1 \(the hang included\) · longest wait 12 s/);
  assert.match(md, /reply p99 counting them: never/);
  const cards = cardsSection(r);
  assert.match(cards, /reply p99 counting 292 that never came/);
  assert.match(cards, />1 \(hang\)</);
});

test('a healthy run: in-flight waits at the end are not "never"; a few timeouts shift p99 only a little', () => {
  const r = report({ unfinishedByPhase: { reply: 20 }, errorsByKind: errors({ 'reply-timeout': 3 }) });
  const h = headline(r);
  assert.equal(h.stalls, 1, 'the one recorded stall');
  assert.equal(h.endedHung, false);
  assert.equal(h.repliesNever, 3, 'the 20 replies in flight at the end are not counted as never');
  assert.ok(typeof h.replyP99AllMs === 'number' && h.replyP99CompletedMs !== null && h.replyP99AllMs >= h.replyP99CompletedMs);
  const none = headline(report({ errorsByKind: errors({}) }));
  assert.equal(none.repliesNever, 0);
  assert.equal(none.replyP99AllMs, null, 'nothing to add: only the completed p99 is shown');
  assert.doesNotMatch(renderSummary(report({ errorsByKind: errors({}) }), { color: false }), /never got one/);
});
