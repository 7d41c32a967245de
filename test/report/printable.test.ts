import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printable, printableReviver } from '../../src/report/printable.js';

test('printable removes what acts on a terminal and keeps the text, tabs and newlines', () => {
  assert.equal(printable('a\u001b[31mred\u001b[0m b'), 'a[31mred[0m b');
  assert.equal(printable('title\u001b]0;pwned\u0007 x'), 'title]0;pwned x');
  assert.equal(printable('over\rwrite\b\u007f\u009b2J'), 'overwrite2J');
  assert.equal(printable('bidi \u202eevil\u2066x\u2069'), 'bidi evilx');
  assert.equal(printable('goroutine 1 [chan send]:\n\tmain.go:12'), 'goroutine 1 [chan send]:\n\tmain.go:12');
  assert.equal(printable('ünïcode ✓ 中文'), 'ünïcode ✓ 中文');
});

test('printableReviver cleans every string of a parsed document, nothing else', () => {
  const text = JSON.stringify({ scenario: 'x\u001b[2Jy', n: 3, list: ['\u0007a', null, true], nested: { msg: 'b\u009bc' } });
  assert.deepEqual(JSON.parse(text, printableReviver), { scenario: 'x[2Jy', n: 3, list: ['a', null, true], nested: { msg: 'bc' } });
});
