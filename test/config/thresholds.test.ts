import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseThreshold } from '../../src/config/thresholds.js';

test('valid thresholds parse to exact metric, op and value', () => {
  const table: [string, string, string, number][] = [
    ['reply.p99<200ms', 'reply.p99', '<', 200],
    ['reply.p99 < 200ms', 'reply.p99', '<', 200],
    ['  handshake.max<=5s ', 'handshake.max', '<=', 5000],
    ['close.p50>1.5s', 'close.p50', '>', 1500],
    ['iteration.mean>=250ms', 'iteration.mean', '>=', 250],
    ['push.p999<2m', 'push.p999', '<', 120_000],
    ['stall.min<500us', 'stall.min', '<', 0.5],
    ['reply.p90<.5s', 'reply.p90', '<', 500],
    ['reply.count>100', 'reply.count', '>', 100],
    ['stall.count<=0', 'stall.count', '<=', 0],
    ['errors.rate<1%', 'errors.rate', '<', 0.01],
    ['errors.rate < 0.5 %', 'errors.rate', '<', 0.005],
    ['errors.rate<0.01', 'errors.rate', '<', 0.01],
    ['errors.rate<=100%', 'errors.rate', '<=', 1],
    ['errors.count<10', 'errors.count', '<', 10],
    ['iterations.rate>50', 'iterations.rate', '>', 50],
    ['iterations.rate>=12.5/s', 'iterations.rate', '>=', 12.5],
    ['iterations.count>1000', 'iterations.count', '>', 1000],
  ];
  for (const [source, metric, op, value] of table) {
    const r = parseThreshold(source);
    assert.ok(r.ok, `${source}: ${r.ok ? '' : r.message}`);
    assert.deepEqual(r.threshold, { source: source.trim(), metric, op, value }, source);
  }
});

test('invalid thresholds say what was expected', () => {
  const table: [string, RegExp][] = [
    ['reply.p99', /no comparison operator.*expected <metric><op><value>/],
    ['reply.p99=200ms', /operator "=" is not supported; expected one of < <= > >=/],
    ['reply.p99==200ms', /operator "==" is not supported/],
    ['<200ms', /missing metric; expected <phase>\.<stat>/],
    [
      'replies.p99<200ms',
      /unknown metric "replies\.p99"; expected <phase>\.<stat> \(phase: handshake, reply, push, close, iteration, stall; stat: p50/,
    ],
    ['reply.p98<200ms', /unknown metric "reply\.p98"/],
    ['reply<200ms', /unknown metric "reply"/],
    ['errors.p99<1%', /unknown metric "errors\.p99".*errors\.rate/],
    ['reply.p99.x<1s', /unknown metric/],
    ['reply.p99<', /missing value after "<"; expected a duration/],
    ['reply.p99<fast', /bad value "fast" for reply\.p99: expected a duration such as 500ms/],
    ['reply.p99<200', /bad value "200" for reply\.p99: expected a duration .*only 0 may go without one/],
    ['reply.p99<200 parsecs', /bad value "200 parsecs"/],
    ['reply.p99<1%', /bad value "1%" for reply\.p99: expected a duration/],
    ['errors.rate<150%', /expected a percentage from 0% to 100% \(1%\) or a ratio from 0 to 1/],
    ['errors.rate<2', /expected a percentage .* or a ratio from 0 to 1/],
    ['errors.rate<-1%', /bad value "-1%"/],
    ['errors.count<5ms', /bad value "5ms" for errors\.count: expected a non-negative number/],
    ['iterations.rate>fast', /expected a number of iterations per second/],
    ['reply.count>1s', /bad value "1s" for reply\.count: expected a non-negative number/],
  ];
  for (const [source, pattern] of table) {
    const r = parseThreshold(source);
    assert.equal(r.ok, false, `${source} should be rejected`);
    if (!r.ok) assert.match(r.message, pattern, source);
  }
});
