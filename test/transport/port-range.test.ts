/** The pre-run port check (design.md "Churn and the port range"): table tests on the pure check, and the /proc reader. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portRangeWarnings, readPortFacts, type PortFacts, type PortPlan } from '../../src/transport/port-range.js';

// 32768–60999: Linux's default range, 28,232 ports.
const linux: PortFacts = { range: { low: 32768, high: 60999 }, twReuse: 2 };
const plan = (p: Partial<PortPlan>): PortPlan => ({ connections: 100, sources: 1, connectsPerSec: null, loopbackTarget: false, ...p });

test('a plan that fits the range gets no warning', () => {
  assert.deepEqual(portRangeWarnings(linux, plan({ connections: 28_232 })), []);
  assert.deepEqual(portRangeWarnings(linux, plan({ connections: 10_000, connectsPerSec: 100 })), [], '100/s × 60 s fits 18,232 free ports');
});

test('more open connections than ports: named, with the range, the count and how to widen it', () => {
  const [w, ...rest] = portRangeWarnings(linux, plan({ connections: 40_000 }));
  assert.equal(rest.length, 0);
  assert.match(w ?? '', /up to 40,000 connections open at once/);
  assert.match(w ?? '', /32768–60999 gives 28,232 per source address \(one source address, 28,232 in all\)/);
  assert.match(w ?? '', /local-port-exhausted/);
  assert.match(w ?? '', /ip_local_port_range="1024 65535"/);
  assert.match(w ?? '', /--local-address/);
});

test('source addresses multiply the ports', () => {
  assert.deepEqual(portRangeWarnings(linux, plan({ connections: 40_000, sources: 2 })), []);
  assert.match(portRangeWarnings(linux, plan({ connections: 90_000, sources: 3 }))[0] ?? '', /3 source addresses, 84,696 in all/);
});

test('a connect rate that would fill the range with TIME_WAIT in under 60 s is warned of, unless the kernel reuses those ports', () => {
  const fast = plan({ connections: 1_000, connectsPerSec: 1_000 });
  const [w] = portRangeWarnings({ ...linux, twReuse: 0 }, fast);
  assert.match(w ?? '', /up to 1,000 new connections\/s/);
  assert.match(w ?? '', /TIME_WAIT here for 60 s/);
  assert.match(w ?? '', /27,232 free local ports would run out after 27\.2 s/);
  assert.equal(portRangeWarnings({ ...linux, twReuse: 2 }, fast).length, 1, 'tcp_tw_reuse=2 covers loopback only');
  assert.deepEqual(portRangeWarnings({ ...linux, twReuse: 2 }, { ...fast, loopbackTarget: true }), []);
  assert.deepEqual(portRangeWarnings({ ...linux, twReuse: 1 }, fast), []);
  assert.deepEqual(
    portRangeWarnings({ ...linux, twReuse: 0 }, { ...fast, connectsPerSec: null }),
    [],
    'no think time: the rate is not known beforehand',
  );
});

test('unknown kernel facts: no warning, never a guess', () => {
  assert.deepEqual(portRangeWarnings({ range: null, twReuse: null }, plan({ connections: 10_000_000, connectsPerSec: 1e9 })), []);
});

test('readPortFacts reads both files, and gives null for a missing or malformed one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imstress-ports-'));
  try {
    writeFileSync(join(dir, 'ip_local_port_range'), '1024\t65535\n');
    writeFileSync(join(dir, 'tcp_tw_reuse'), '0\n');
    assert.deepEqual(readPortFacts(dir), { range: { low: 1024, high: 65535 }, twReuse: 0 });
    writeFileSync(join(dir, 'ip_local_port_range'), 'many\n');
    rmSync(join(dir, 'tcp_tw_reuse'));
    assert.deepEqual(readPortFacts(dir), { range: null, twReuse: null });
    writeFileSync(join(dir, 'ip_local_port_range'), '60000 50000\n');
    assert.equal(readPortFacts(dir).range, null, 'an inverted range is not a range');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(readPortFacts(join(tmpdir(), 'no-such-dir-imstress')), { range: null, twReuse: null });
});
