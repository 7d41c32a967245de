import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commonErrCode, decideVerdict, dominantError, evaluateThresholds } from '../../src/report/verdict.js';
import type { VerdictInput } from '../../src/report/verdict.js';
import type { RunEnd } from '../../src/engine/result.js';
import { recorder, threshold } from './fixtures.js';

const base: VerdictInput = { end: 'completed', hang: false, ghosts: 0, thresholdsFailed: 0, anyConnected: true, interrupted: false };

const table: ReadonlyArray<readonly [string, Partial<VerdictInput>, string, number]> = [
  ['clean run', {}, 'ok', 0],
  ['thresholds only', { thresholdsFailed: 2 }, 'thresholds-failed', 4],
  ['leak only', { ghosts: 3 }, 'leak', 7],
  ['leak beats thresholds', { ghosts: 3, thresholdsFailed: 1 }, 'leak', 7],
  ['hang only', { hang: true }, 'hang', 5],
  ['hang-abort end without evidence', { end: 'hang-abort' }, 'hang', 5],
  ['hang beats leak', { hang: true, ghosts: 3 }, 'hang', 5],
  ['hang beats thresholds', { hang: true, thresholdsFailed: 1 }, 'hang', 5],
  ['hang beats leak and thresholds', { hang: true, ghosts: 1, thresholdsFailed: 1 }, 'hang', 5],
  ['interrupted only', { interrupted: true, end: 'interrupted' }, 'interrupted', 130],
  ['interrupted end flag alone', { end: 'interrupted' }, 'interrupted', 130],
  ['interrupted beats hang', { interrupted: true, hang: true }, 'interrupted', 130],
  [
    'interrupted beats everything',
    { interrupted: true, hang: true, ghosts: 2, thresholdsFailed: 2, anyConnected: false },
    'interrupted',
    130,
  ],
  ['nobody connected', { anyConnected: false }, 'target-unavailable', 3],
  ['engine says unavailable', { end: 'target-unavailable' }, 'target-unavailable', 3],
  ['unavailable beats thresholds', { anyConnected: false, thresholdsFailed: 1 }, 'target-unavailable', 3],
  ['unavailable beats leak', { anyConnected: false, ghosts: 1 }, 'target-unavailable', 3],
  ['hang beats unavailable (upgrade never answered)', { anyConnected: false, hang: true }, 'hang', 5],
  ['interrupted beats unavailable', { anyConnected: false, interrupted: true }, 'interrupted', 130],
];

for (const [name, input, status, exitCode] of table) {
  test(`decideVerdict: ${name} → ${status} (${exitCode})`, () => {
    const v = decideVerdict({ ...base, ...input });
    assert.equal(v.status, status);
    assert.equal(v.exitCode, exitCode);
    if (status === 'ok') assert.deepEqual(v.reasons, []);
    else assert.ok(v.reasons.length >= 1 && (v.reasons[0] ?? '').length > 0);
  });
}

test('decideVerdict lists every applying outcome, most important first', () => {
  const v = decideVerdict({ ...base, hang: true, ghosts: 2, thresholdsFailed: 1 });
  assert.equal(v.reasons.length, 3);
  assert.match(v.reasons[0] ?? '', /^hang/);
  assert.match(v.reasons[1] ?? '', /2 ghost sessions/);
  assert.match(v.reasons[2] ?? '', /1 threshold breached/);
});

test('every RunEnd maps to a verdict', () => {
  const ends: RunEnd[] = ['completed', 'hang-abort', 'interrupted', 'target-unavailable'];
  assert.deepEqual(
    ends.map((end) => decideVerdict({ ...base, end }).exitCode),
    [0, 5, 130, 3],
  );
});

const metrics = recorder().snapshot();
const input = { metrics, totals: { iterations: 990 }, durationMs: 10_000, errorsTotal: 10 };

const thresholdTable: ReadonlyArray<readonly [string, string, '<' | '<=' | '>' | '>=', number, number | null, boolean]> = [
  // source metric op value → actual passed
  ['reply.p99<200ms', 'reply.p99', '<', 200, metrics.phases.reply.raw.p99, true],
  ['reply.p99<50ms', 'reply.p99', '<', 50, metrics.phases.reply.raw.p99, false],
  ['reply.max<=101ms', 'reply.max', '<=', 101, metrics.phases.reply.raw.max, true],
  ['handshake.p50>=5ms', 'handshake.p50', '>=', 5, metrics.phases.handshake.raw.p50, true],
  ['handshake.count>999', 'handshake.count', '>', 999, 1000, true],
  ['errors.rate<1%', 'errors.rate', '<', 0.01, 0.01, false],
  ['errors.rate<=1%', 'errors.rate', '<=', 0.01, 0.01, true],
  ['errors.count<5', 'errors.count', '<', 5, 10, false],
  ['iterations.rate>50', 'iterations.rate', '>', 50, 99, true],
  ['iterations.count>=1000', 'iterations.count', '>=', 1000, 990, false],
  ['push.p99<100ms (no samples)', 'push.p99', '<', 100, null, false],
  ['nope.p99<1', 'nope.p99', '<', 1, null, false],
  ['bogus<1', 'bogus', '<', 1, null, false],
];

for (const [source, metric, op, value, actual, passed] of thresholdTable) {
  test(`evaluateThresholds: ${source}`, () => {
    const [r] = evaluateThresholds([threshold(source, metric, op, value)], input);
    assert.ok(r !== undefined);
    assert.deepEqual(r, { source, metric, op, value, actual, passed });
  });
}

test('evaluateThresholds reads percentiles the summary lacks (p95) from the histogram', () => {
  const [r] = evaluateThresholds([threshold('reply.p95<1s', 'reply.p95', '<', 1000)], input);
  assert.ok(r !== undefined && r.actual !== null);
  assert.ok(r.actual >= metrics.phases.reply.raw.p90 && r.actual <= metrics.phases.reply.raw.p99);
  assert.ok(Math.abs(r.actual - 95) < 0.2, `p95 of 0.1..100 ms is about 95 ms, got ${r.actual}`);
  assert.equal(r.passed, true);
});

// --- #17.4: a run made of one error kind ---------------------------------------------------------

const sample = (kind: string, message: string): { kind: string; message: string } => ({ kind, message });

test('dominantError: one kind making up the run is named with its count; a mix or a healthy run is not', () => {
  const d = dominantError({ 'protocol-error': 11_136, 'reply-timeout': 5 }, 0, []);
  assert.deepEqual(d, { kind: 'protocol-error', count: 11_136, every: true, text: 'every reply undecodable: protocol-error 11,136' });
  assert.equal(dominantError({ 'protocol-error': 60, 'reply-timeout': 40 }, 0, []), null, 'a mix of kinds');
  assert.equal(dominantError({ 'reply-timeout': 3 }, 1_000, []), null, 'errors are a small share of the attempts');
  assert.equal(dominantError({}, 0, []), null, 'no errors');
  assert.equal(dominantError({ 'unexpected-close': 950 }, 50, [])?.text, '95% of attempts failed: unexpected-close 950');
  const noPermission = [sample('error-reply', 'errCode 1002 NoPermissionError')];
  assert.equal(
    dominantError({ 'error-reply': 400 }, 400, noPermission)?.text,
    'every reply an error: error-reply 400 (errCode 1002 NoPermissionError)',
    'iterations that only got error replies are not clean',
  );
  assert.equal(dominantError({ 'error-reply': 4 }, 400, noPermission), null, 'a few error replies in a healthy run');
});

test('dominantError: a refusal names the most common errCode and message, control characters stripped', () => {
  const samples = [
    sample('handshake-rejected', 'HTTP 200 errCode 1501: 1501 token expired'),
    sample('handshake-rejected', 'HTTP 200 errCode 1501: 1501 token expired'),
    sample('handshake-rejected', 'HTTP 200 errCode 1507: 1507 \u001b[31mTokenNotExistError'),
    sample('reply-timeout', 'no reply within 800 ms'),
  ];
  assert.equal(commonErrCode('handshake-rejected', samples), 'errCode 1501 token expired');
  assert.equal(commonErrCode('handshake-rejected', samples.slice(2)), 'errCode 1507 [31mTokenNotExistError');
  assert.equal(commonErrCode('reply-timeout', samples), null);
  assert.equal(
    dominantError({ 'handshake-rejected': 1_500 }, 0, samples)?.text,
    'every handshake rejected: handshake-rejected 1,500 (errCode 1501 token expired)',
  );
});

test('decideVerdict: nothing served and only error answers → target unavailable naming the error; otherwise only named', () => {
  const every = { kind: 'protocol-error', count: 7, every: true, text: 'every reply undecodable: protocol-error 7', answered: true };
  const unavailable = decideVerdict({ ...base, served: false, dominantError: every });
  assert.equal(unavailable.status, 'target-unavailable');
  assert.equal(unavailable.exitCode, 3);
  assert.deepEqual(unavailable.reasons, ['target unavailable: the target answers, but every reply undecodable: protocol-error 7']);
  assert.equal(unavailable.dominantError?.text, every.text);
  const timeouts = { ...every, kind: 'reply-timeout', text: 'every reply timed out: reply-timeout 7', answered: false };
  const silent = decideVerdict({ ...base, served: false, dominantError: timeouts });
  assert.equal(silent.status, 'ok', 'a silent server is a hang or a threshold matter, never "unavailable"');
  assert.deepEqual(silent.reasons, ['every reply timed out: reply-timeout 7'], 'but the error is still named');
  const hung = decideVerdict({ ...base, hang: true, served: false, dominantError: timeouts });
  assert.equal(hung.status, 'hang');
  assert.equal(hung.reasons[1], 'every reply timed out: reply-timeout 7');
  assert.equal(decideVerdict(base).dominantError, undefined, 'absent when not considered (older callers, merged old reports)');
});
