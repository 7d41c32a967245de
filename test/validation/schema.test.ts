/**
 * The one owner of zod (src/validation/schema.ts): a zod schema gives the
 * type and the check, and its issues read like every other problem the tool
 * lists (`file:key: expected …, got …`), all of them at once, one per broken
 * container, the first bad element of a list only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { issuesOf, shown, z } from '../../src/validation/schema.js';
import { reportSchema } from '../../src/report/schema.js';
import { readReport } from '../../src/report/io.js';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// This file runs as <root>/dist/test/validation/…: the fixtures are under <root>/test.
const fixtures = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'), 'test', 'fixtures', 'reports');

const section = z.object({
  name: z.string(),
  count: z.number(),
  on: z.boolean(),
  tags: z.array(z.string()),
  byKind: z.record(z.string(), z.number()),
  state: z.enum(['a', 'b']),
  since: z.nullable(z.number()),
  owner: z.nullable(z.object({ id: z.string() })),
  mark: z.literal('m'),
  note: z.exactOptional(z.string()),
  items: z.array(z.object({ at: z.number() })),
  part: z.object({ n: z.number() }, { error: 'missing: expected a part' }),
});
type Section = z.infer<typeof section>;

// The type comes from the same declaration: this object is checked by the compiler against it.
const good: Section = {
  name: 'n',
  count: 1,
  on: true,
  tags: ['t'],
  byKind: { k: 2 },
  state: 'a',
  since: null,
  owner: { id: 'o' },
  mark: 'm',
  items: [{ at: 1 }],
  part: { n: 1 },
};

const lines = (value: unknown): string[] => issuesOf(section, value, 'f.json').map((i) => `${i.where}: ${i.message}`);

test('a value that fits has no problems; an optional field may be absent, and present must fit; unknown keys are tolerated', () => {
  assert.deepEqual(lines(good), []);
  assert.deepEqual(lines({ ...good, note: 'x', newerField: [1] }), []);
  assert.deepEqual(lines({ ...good, note: 3 }), ['f.json:note: expected a string, got 3']);
});

test('every problem is listed at once, each naming file:key, what was expected and what was there', () => {
  const bad = {
    ...good,
    name: 1,
    count: Number.NaN,
    on: 'yes',
    tags: [1],
    byKind: { k: 'x' },
    state: 'c',
    since: 'now',
    owner: 5,
    mark: 'q',
  };
  assert.deepEqual(lines(bad), [
    'f.json:name: expected a string, got 1',
    'f.json:count: expected a number, got null',
    'f.json:on: expected true or false, got "yes"',
    'f.json:tags[0]: expected a string, got 1',
    'f.json:byKind.k: expected a number, got "x"',
    'f.json:state: expected one of a, b',
    'f.json:since: expected a number or null, got "now"',
    'f.json:owner: expected an object or null, got 5',
    'f.json:mark: expected "m", got "q"',
  ]);
});

test('inside a null-able object the field is named, not the object', () => {
  assert.deepEqual(lines({ ...good, owner: { id: 7 } }), ['f.json:owner.id: expected a string, got 7']);
});

test('a broken container is one problem; in a list only the first bad element is named; a declared message is kept', () => {
  assert.deepEqual(lines({ ...good, items: 'no' }), ['f.json:items: expected an array, got "no"']);
  assert.deepEqual(lines({ ...good, items: [{ at: 1 }, { at: 'x' }, {}] }), ['f.json:items[1].at: expected a number, got "x"']);
  assert.deepEqual(lines({ ...good, items: [{}, { at: 'x' }] }), ['f.json:items[0].at: expected a number, got nothing']);
  assert.deepEqual(lines({ ...good, part: 'p' }), ['f.json:part: missing: expected a part']);
  assert.deepEqual(lines({ ...good, part: { n: 'one' } }), ['f.json:part.n: expected a number, got "one"']);
  assert.deepEqual(lines(5), ['f.json:: expected an object, got 5']);
});

test('a missing field reads "got nothing"; a long value is cut at 40 characters', () => {
  const { name: _, ...noName } = good;
  assert.deepEqual(lines(noName), ['f.json:name: expected a string, got nothing']);
  assert.equal(shown('x'.repeat(100)).length, 40);
  assert.equal(shown(undefined), 'nothing');
});

test('the reports written before zod declared the schema (versions 1 and 2) still fit it', () => {
  for (const name of ['v1-ok', 'v1-hang', 'v2-ok', 'v2-hang']) {
    const path = join(fixtures, `${name}.json`);
    assert.deepEqual(issuesOf(reportSchema, readReport(path), path), [], name);
  }
});

test('the report schema keeps the reading rules: open kinds, counts whatever their keys, every phase named when missing', () => {
  const r = JSON.parse(JSON.stringify(readReport(join(fixtures, 'v2-ok.json')))) as Record<string, unknown> & {
    phases: Record<string, unknown>;
    errors: Record<string, unknown>;
  };
  const { reply: _, ...phases } = r.phases;
  const changed = {
    ...r,
    target: { ...(r['target'] as object), kind: 'from-the-future' },
    errors: { ...r.errors, byKind: { 'a-new-kind': 3 } },
    phases,
    end: 'exploded',
  };
  assert.deepEqual(
    issuesOf(reportSchema, changed, 'r.json').map((i) => `${i.where}: ${i.message}`),
    [
      'r.json:end: expected one of completed, hang-abort, interrupted, target-unavailable',
      'r.json:phases.reply: missing: expected raw/corrected summaries and encoded histograms',
    ],
  );
});
