import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatencyHistogram, PHASES } from '../../src/metrics/index.js';
import { errorKinds } from '../../src/protocol/adapter.js';
import { REPORT_SCHEMA_NAME, REPORT_SCHEMA_VERSION } from '../../src/report/schema.js';
import { engineResult, hangEvidence, report, threshold } from './fixtures.js';

test('buildReport produces a plain, versioned report', () => {
  const r = report();
  assert.equal(r.schema, REPORT_SCHEMA_NAME);
  assert.equal(r.version, REPORT_SCHEMA_VERSION);
  assert.deepEqual(r.tool, { name: 'imstress', version: '0.1.0' });
  assert.equal(r.scenario, 'churn');
  assert.equal(r.interrupted, false);
  assert.deepEqual(r.target, { kind: 'url', url: 'ws://127.0.0.1:10001', embedded: false });
  assert.equal(r.environment.hostname, 'test-host');
  assert.deepEqual(r.verdict, { status: 'ok', exitCode: 0, reasons: [] });
  assert.equal(r.rates.iterationsPerSec, 99.5);
  assert.equal(r.rates.errorRate, 5 / 1000);
  assert.deepEqual(Object.keys(r.phases), [...PHASES]);
  assert.deepEqual(Object.keys(r.errors.byKind), [...errorKinds]);
  assert.equal(r.errors.byKind['reply-timeout'], 3);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r, 'JSON round trip is lossless');
  assert.match(r.coordinatedOmission.note, /coordinated/);
});

test('the config stored is the redacted one passed in', () => {
  const r = report();
  assert.deepEqual(r.config['tokens'], { kind: 'static', token: '***' });
  assert.ok(!JSON.stringify(r).includes('secret-token'));
});

test('embedded target carries its gateway mode', () => {
  const r = report({}, { target: { kind: 'embedded', gatewayMode: 'v3.5.1', gatewayArgs: [] } });
  assert.deepEqual(r.target, { kind: 'embedded', gatewayMode: 'v3.5.1', embedded: true });
});

test('encoded histograms round-trip to the same percentiles', () => {
  const result = engineResult();
  const r = report();
  for (const p of PHASES) {
    const ph = r.phases[p];
    assert.deepEqual(LatencyHistogram.decode(ph.histogram, ph.clamped).summary(), ph.raw, `${p} raw`);
    assert.deepEqual(LatencyHistogram.decode(ph.correctedHistogram).summary(), ph.corrected, `${p} corrected`);
    assert.deepEqual(ph.raw, result.metrics.phases[p].raw);
  }
  assert.equal(r.phases.reply.raw.count, 1000);
  assert.ok(r.phases.stall.corrected.count > r.phases.stall.raw.count);
});

test('a hang run: verdict hang (5), evidence kept, thresholds still evaluated', () => {
  const r = report({ end: 'hang-abort', hang: hangEvidence() }, { thresholds: [threshold('reply.p99<10ms', 'reply.p99', '<', 10)] });
  assert.equal(r.verdict.status, 'hang');
  assert.equal(r.verdict.exitCode, 5);
  assert.equal(r.verdict.reasons.length, 2);
  assert.equal(r.hang?.waitingByPhase['reply'], 92);
  assert.equal(r.thresholds[0]?.passed, false);
});

test('ghosts after drain: leak (7); unchecked drain never leaks', () => {
  assert.equal(report({ drain: { checked: true, baseline: 0, final: 12, ghosts: 12, waitedMs: 5000 } }).verdict.exitCode, 7);
  assert.equal(report({ drain: { checked: false, baseline: null, final: null, ghosts: 3, waitedMs: 0 } }).verdict.exitCode, 0);
});

test('no handshake ever: target unavailable (3); interrupted: 130 and marked', () => {
  const t = engineResult().totals;
  assert.equal(report({ totals: { ...t, handshakes: 0, iterations: 0 } }).verdict.exitCode, 3);
  const r = report({ end: 'interrupted' });
  assert.equal(r.interrupted, true);
  assert.equal(r.verdict.exitCode, 130);
});
