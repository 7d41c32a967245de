import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyHang, HANG_KINDS, type HangKind } from '../../src/hang/kinds.js';
import type { WaitingSnapshot } from '../../src/hang/waiting.js';

const w = (byPhase: Record<string, number>, openSilent = 0): WaitingSnapshot => ({
  total: Object.values(byPhase).reduce((a, b) => a + b, 0),
  byPhase,
  openSilent,
});

const cases: Array<{ name: string; waiting: WaitingSnapshot; frozen: boolean | null; expect: HangKind }> = [
  { name: 'most waiting VUs open but silent', waiting: w({ reply: 90, handshake: 10 }, 80), frozen: true, expect: 'open-but-silent' },
  { name: 'silent VUs are taken out of reply', waiting: w({ reply: 10 }, 4), frozen: null, expect: 'reply-stuck' },
  { name: 'handshakes stuck', waiting: w({ handshake: 50, reply: 5 }), frozen: null, expect: 'no-handshake' },
  { name: 'replies stuck', waiting: w({ reply: 50, close: 3 }), frozen: false, expect: 'reply-stuck' },
  { name: 'closes stuck', waiting: w({ close: 7, handshake: 2 }), frozen: true, expect: 'close-stuck' },
  { name: 'tie goes to the more specific kind', waiting: w({ handshake: 5, close: 5 }), frozen: null, expect: 'no-handshake' },
  { name: 'tie silent vs handshake', waiting: w({ reply: 5, handshake: 5 }, 5), frozen: null, expect: 'open-but-silent' },
  { name: 'unknown phases and a frozen count', waiting: w({ send: 3 }), frozen: true, expect: 'online-count-frozen' },
  { name: 'unknown phases, count unknown', waiting: w({ send: 3 }), frozen: null, expect: 'unclassified' },
  { name: 'unknown phases, count moving', waiting: w({ send: 3 }), frozen: false, expect: 'unclassified' },
  {
    name: 'garbage counts are ignored',
    waiting: { total: 1, byPhase: { reply: Number.NaN, close: -3 }, openSilent: Number.NaN },
    frozen: null,
    expect: 'unclassified',
  },
  { name: 'inherited keys are not phases', waiting: w({}), frozen: null, expect: 'unclassified' },
];
for (const c of cases) {
  test(`classifyHang: ${c.name} -> ${c.expect}`, () => {
    assert.equal(classifyHang(c.waiting, c.frozen), c.expect);
  });
}

test('every hang kind has a title and an explanation', () => {
  for (const [kind, info] of Object.entries(HANG_KINDS)) {
    assert.ok(info.title.length > 0, kind);
    assert.ok(info.explanation.length > 20, kind);
  }
  assert.match(HANG_KINDS['open-but-silent'].explanation, /v3\.5\.1/);
});
