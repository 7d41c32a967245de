import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePrometheusText, readGauge } from '../../../src/protocol/prometheus/parse.js';
import { PrometheusParseError, type PrometheusErrorCode } from '../../../src/protocol/prometheus/errors.js';
import { seededRandom as rng } from '../../helpers/random.js';

/** What an OpenIM msggateway metrics port serves, trimmed (Go client_golang output). */
const OPENIM = [
  '# HELP go_gc_duration_seconds A summary of the pause duration of garbage collection cycles.',
  '# TYPE go_gc_duration_seconds summary',
  'go_gc_duration_seconds{quantile="0"} 2.5e-05',
  'go_gc_duration_seconds{quantile="0.5"} 6.1e-05',
  'go_gc_duration_seconds{quantile="1"} 0.000412',
  'go_gc_duration_seconds_sum 0.012',
  'go_gc_duration_seconds_count 120',
  '# HELP go_goroutines Number of goroutines that currently exist.',
  '# TYPE go_goroutines gauge',
  'go_goroutines 1042',
  '# HELP go_info Information about the Go environment.',
  '# TYPE go_info gauge',
  'go_info{version="go1.20.14"} 1',
  '# HELP go_memstats_alloc_bytes Number of bytes allocated and still in use.',
  '# TYPE go_memstats_alloc_bytes gauge',
  'go_memstats_alloc_bytes 1.2345678e+07',
  '# HELP http_request_duration_seconds Request latency.',
  '# TYPE http_request_duration_seconds histogram',
  'http_request_duration_seconds_bucket{path="/user/user_register",le="0.005"} 3',
  'http_request_duration_seconds_bucket{path="/user/user_register",le="0.1"} 9',
  'http_request_duration_seconds_bucket{path="/user/user_register",le="+Inf"} 10',
  'http_request_duration_seconds_sum{path="/user/user_register"} 0.37',
  'http_request_duration_seconds_count{path="/user/user_register"} 10',
  '# HELP online_user_num The number of online user num',
  '# TYPE online_user_num gauge',
  'online_user_num 100',
  '',
].join('\n');

test('reads a real-looking exposition: go runtime block, histogram, gauge', () => {
  const r = parsePrometheusText(OPENIM);
  assert.equal(r.samples.length, 14);
  assert.deepEqual(r.samples.at(-1), { name: 'online_user_num', labels: {}, value: 100 });
  assert.deepEqual(r.samples[0], { name: 'go_gc_duration_seconds', labels: { quantile: '0' }, value: 2.5e-5 });
  const inf = r.samples.find((s) => s.labels['le'] === '+Inf');
  assert.equal(inf?.value, 10);
  assert.equal(r.types.get('http_request_duration_seconds'), 'histogram');
  assert.equal(r.types.get('online_user_num'), 'gauge');
  assert.equal(readGauge(OPENIM, 'online_user_num'), 100);
  assert.equal(readGauge(OPENIM, 'go_goroutines'), 1042);
  assert.equal(readGauge(OPENIM, 'absent_metric'), null);
});

test('CRLF line ends, blank lines, leading blanks and timestamps', () => {
  const r = parsePrometheusText('# TYPE a gauge\r\n\r\n   \r\n  a 1 1700000000000\r\nb{x="1"}2\r\n\tc -3.5e2 -5\r\n');
  assert.deepEqual(r.samples, [
    { name: 'a', labels: {}, value: 1, timestampMs: 1_700_000_000_000 },
    { name: 'b', labels: { x: '1' }, value: 2 },
    { name: 'c', labels: {}, value: -350, timestampMs: -5 },
  ]);
});

test('NaN, +Inf, -Inf and other Go float spellings', () => {
  const r = parsePrometheusText('a NaN\nb +Inf\nc -Inf\nd Inf\ne .5\nf 1.\ng 1E3\n');
  const v = r.samples.map((s) => s.value);
  assert.ok(Number.isNaN(v[0]));
  assert.deepEqual(v.slice(1), [Infinity, -Infinity, Infinity, 0.5, 1, 1000]);
});

test('escaped label values: quotes, backslashes, newlines; blanks and a trailing comma', () => {
  const r = parsePrometheusText('m{path="C:\\\\dir\\\\x", msg="say \\"hi\\"\\nbye" , empty="",} 7\n');
  assert.deepEqual(r.samples[0]?.labels, { path: 'C:\\dir\\x', msg: 'say "hi"\nbye', empty: '' });
  assert.deepEqual(parsePrometheusText('m{a="}#,{"} 1').samples[0]?.labels, { a: '}#,{' });
});

test('a __proto__ label is an own data property, not a prototype change', () => {
  const s = parsePrometheusText('m{__proto__="x"} 1').samples[0];
  assert.ok(s !== undefined && Object.hasOwn(s.labels, '__proto__'));
  assert.equal(Object.getPrototypeOf(s.labels), Object.prototype);
});

test('readGauge sums series without labels and filters with a label subset', () => {
  const text = 'online{platform="1",node="a"} 10\nonline{platform="2",node="a"} 5\nonline{platform="1",node="b"} 7\n';
  assert.equal(readGauge(text, 'online'), 22);
  assert.equal(readGauge(text, 'online', { platform: '1' }), 17);
  assert.equal(readGauge(text, 'online', { platform: '1', node: 'b' }), 7);
  assert.equal(readGauge(text, 'online', { platform: '9' }), null);
  assert.equal(readGauge(text, 'online', { constructor: 'x' }), null);
});

test('other comments are ignored', () => {
  assert.equal(parsePrometheusText('# just a note\n#\n# HELP x free text with "quotes" and \\ slashes\nx 1').samples.length, 1);
});

const errors: Array<{ text: string; code: PrometheusErrorCode; line: number }> = [
  { text: 'ok 1\n9bad 1', code: 'invalid_metric_name', line: 2 },
  { text: 'ok 1\r\n\r\nfoo-bar 1', code: 'invalid_metric_name', line: 3 },
  { text: 'a{1x="y"} 1', code: 'invalid_label_name', line: 1 },
  { text: 'a{x} 1', code: 'invalid_label_syntax', line: 1 },
  { text: 'a{x=y} 1', code: 'invalid_label_syntax', line: 1 },
  { text: 'a{x="y" z="w"} 1', code: 'invalid_label_syntax', line: 1 },
  { text: 'a{x="y"', code: 'invalid_label_syntax', line: 1 },
  { text: '\n\na{x="y} 1', code: 'unterminated_label_value', line: 3 },
  { text: 'a{x="y\\', code: 'unterminated_label_value', line: 1 },
  { text: 'a{x="\\t"} 1', code: 'invalid_escape', line: 1 },
  { text: 'a{x="1",x="2"} 1', code: 'duplicate_label', line: 1 },
  { text: 'a', code: 'invalid_value', line: 1 },
  { text: 'a 1\nb one', code: 'invalid_value', line: 2 },
  { text: 'a 0x10', code: 'invalid_value', line: 1 },
  { text: 'a 1 1.5', code: 'invalid_timestamp', line: 1 },
  { text: 'a 1 2 3', code: 'trailing_data', line: 1 },
  { text: '# TYPE', code: 'invalid_comment', line: 1 },
  { text: '# TYPE a', code: 'invalid_comment', line: 1 },
  { text: '# TYPE a gaugeish', code: 'invalid_comment', line: 1 },
  { text: '# HELP 1a x', code: 'invalid_comment', line: 1 },
  { text: '# TYPE a gauge\n# TYPE a counter', code: 'duplicate_type', line: 2 },
];
for (const e of errors) {
  test(`error ${e.code} on line ${e.line}: ${JSON.stringify(e.text)}`, () => {
    assert.throws(
      () => parsePrometheusText(e.text),
      (err: unknown) => err instanceof PrometheusParseError && err.code === e.code && err.line === e.line,
    );
  });
}

test('limits: input size and label count', () => {
  assert.throws(
    () => parsePrometheusText('a 1\n'.repeat(100), { maxChars: 100 }),
    (err: unknown) => err instanceof PrometheusParseError && err.code === 'input_too_large' && err.line === 0,
  );
  const labels = Array.from({ length: 65 }, (_, i) => `l${i}="v"`).join(',');
  assert.throws(
    () => parsePrometheusText(`m{${labels}} 1`),
    (err: unknown) => err instanceof PrometheusParseError && err.code === 'too_many_labels',
  );
  assert.equal(parsePrometheusText(`m{${labels}} 1`, { maxLabels: 65 }).samples.length, 1);
});

test('fuzz: 2,000 seeded mutations only return or throw PrometheusParseError', () => {
  const rand = rng(0x1f2e3d);
  const pick = (n: number): number => Math.floor(rand() * n);
  const alphabet = [
    '{',
    '}',
    '"',
    '\\',
    '=',
    ',',
    '\n',
    '\r',
    '#',
    ' ',
    '\t',
    'a',
    '_',
    ':',
    '1',
    '.',
    'e',
    '-',
    '+',
    'NaN',
    'Inf',
    'n',
    'é',
    '\u0000',
    'TYPE',
    'HELP',
  ];
  const seeds = [OPENIM, 'm{path="C:\\\\x",msg="a\\"b\\nc"} 7 123\r\n', '# TYPE a gauge\na{x="1"} NaN\n'];
  let returned = 0;
  let thrown = 0;
  for (let i = 0; i < 2_000; i++) {
    let s = seeds[pick(seeds.length)] ?? '';
    const edits = 1 + pick(8);
    for (let k = 0; k < edits; k++) {
      const at = pick(s.length + 1);
      switch (pick(4)) {
        case 0:
          s = s.slice(0, at) + (alphabet[pick(alphabet.length)] ?? '') + s.slice(at);
          break;
        case 1:
          s = s.slice(0, at) + s.slice(at + 1 + pick(4));
          break;
        case 2:
          s = s.slice(0, at) + s.slice(pick(s.length), pick(s.length)) + s.slice(at);
          break;
        default:
          s = s.slice(0, at);
          break;
      }
    }
    try {
      const r = parsePrometheusText(s);
      assert.ok(Array.isArray(r.samples));
      returned++;
    } catch (err) {
      assert.ok(err instanceof PrometheusParseError, `unexpected ${String(err)} for ${JSON.stringify(s)}`);
      assert.ok(err.line >= 0 && err.line <= s.split('\n').length);
      thrown++;
    }
  }
  assert.ok(returned > 0 && thrown > 0, `both outcomes exercised (${returned} ok, ${thrown} errors)`);
});
