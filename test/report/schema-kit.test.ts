/**
 * The schema kit (src/report/schema-kit.ts): one declaration gives the type
 * and the check, so these pin the check's messages (`file:key: expected …,
 * got …`) and its rules (a broken container is one problem, the first bad
 * element only, optional fields may be absent, null where declared).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arr, bool, counts, issuesOf, keyed, nullable, num, obj, oneOf, optional, str, strings, type Infer } from '../../src/report/schema-kit.js';
import { reportSchema } from '../../src/report/schema.js';
import { readReport } from '../../src/report/io.js';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// This file runs as <root>/dist/test/report/…: the fixtures are under <root>/test.
const fixtures = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'), 'test', 'fixtures', 'reports');

const section = obj({
  name: str(),
  count: num(),
  on: bool(),
  tags: strings(),
  byKind: counts(),
  state: oneOf(['a', 'b'] as const),
  since: nullable(num()),
  note: optional(str()),
  items: arr(obj({ at: num() })),
  parts: keyed(['x', 'y'] as const, obj({ n: num() }), 'missing: expected a part'),
});
type Section = Infer<typeof section>;

const good: Section = { name: 'n', count: 1, on: true, tags: ['t'], byKind: { k: 2 }, state: 'a', since: null, items: [{ at: 1 }], parts: { x: { n: 1 }, y: { n: 2 } } };

const lines = (value: unknown): string[] => issuesOf(section, value, 'f.json').map((i) => `${i.where}: ${i.message}`);

test('a value that fits has no problems; optional fields may be absent, and present must fit', () => {
  assert.deepEqual(lines(good), []);
  assert.deepEqual(lines({ ...good, note: 'x' }), []);
  assert.deepEqual(lines({ ...good, note: 3 }), ['f.json:note: expected a string, got 3']);
});

test('every problem is listed, each naming file:key, what was expected and what was there', () => {
  const bad = { ...good, name: 1, count: Number.NaN, on: 'yes', tags: [1], byKind: { k: 'x' }, state: 'c', since: 'now' };
  assert.deepEqual(lines(bad), [
    'f.json:name: expected a string, got 1',
    'f.json:count: expected a number, got null',
    'f.json:on: expected true or false, got "yes"',
    'f.json:tags: expected an array of strings, got [1]',
    'f.json:byKind: expected an object of counts (numbers), got {"k":"x"}',
    'f.json:state: expected one of a, b',
    'f.json:since: expected a number or null, got "now"',
  ]);
});

test('a broken container is one problem; in a list only the first bad element is named; a missing keyed entry gets its own words', () => {
  assert.deepEqual(lines({ ...good, items: 'no' }), ['f.json:items: expected an array, got "no"']);
  assert.deepEqual(lines({ ...good, items: [{ at: 1 }, { at: 'x' }, {}] }), ['f.json:items[1].at: expected a number, got "x"']);
  assert.deepEqual(lines({ ...good, parts: { x: { n: 'one' } } }), ['f.json:parts.x.n: expected a number, got "one"', 'f.json:parts.y: missing: expected a part']);
  assert.deepEqual(lines(5), ['f.json:: expected an object, got 5']);
});

test('the reports written before the schema was declared in one place still fit it', () => {
  for (const name of ['v1-ok', 'v1-hang']) {
    const path = join(fixtures, `${name}.json`);
    assert.deepEqual(issuesOf(reportSchema, readReport(path), path), [], name);
  }
});
