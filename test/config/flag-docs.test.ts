/**
 * docs/run-flags.md and scenarios/README.md hold tables generated from the
 * settings tables; this fails while they disagree. `npm run docs:flags`
 * (WRITE_FLAG_DOCS=1) rewrites them instead of checking.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fillSections,
  gatewayFlagsTable,
  markers,
  runFlagsTable,
  scenarioKeysTable,
  type GeneratedSection,
} from '../../src/cli/flag-reference.js';
import { runRows } from '../../src/config/run-settings.js';
import { gatewayRows } from '../../src/cli/commands/gateway-flags.js';
import { longFlag } from '../../src/config/setting.js';
import { repoRoot } from './helpers.js';

const files: ReadonlyArray<readonly [string, readonly GeneratedSection[]]> = [
  [
    'docs/run-flags.md',
    [
      { name: 'run-flags', text: runFlagsTable() },
      { name: 'gateway-flags', text: gatewayFlagsTable() },
      { name: 'scenario-keys', text: scenarioKeysTable() },
    ],
  ],
  ['scenarios/README.md', [{ name: 'scenario-keys', text: scenarioKeysTable() }]],
];

const write = process.env['WRITE_FLAG_DOCS'] === '1';

for (const [file, sections] of files) {
  test(`${file}: its flag tables match the settings tables`, () => {
    const path = join(repoRoot, file);
    const doc = readFileSync(path, 'utf8');
    const { text, missing } = fillSections(doc, sections);
    assert.deepEqual(missing, [], `${file} lacks the markers ${missing.map((m) => markers(m)[0]).join(', ')}`);
    if (write && text !== doc) writeFileSync(path, text);
    else assert.ok(text === doc, `${file} is out of date with the settings tables; run \`npm run docs:flags\` and commit the result`);
  });
}

test('the reference names every run and gateway flag once', () => {
  const run = runFlagsTable();
  for (const [key, row] of runRows) assert.equal(run.split(`\`${longFlag(row)}\``).length - 1, 1, `${key}: ${longFlag(row)}`);
  const gateway = gatewayFlagsTable();
  for (const [key, row] of gatewayRows) assert.equal(gateway.split(`\`${longFlag(row)}\``).length - 1, 1, `${key}: ${longFlag(row)}`);
  assert.match(run, /\| `--ramp-up` \| `IMSTRESS_RAMP_UP` \| `rampUp` \| duration 0ms–24h \|/);
});

test('fillSections replaces only between the markers, and names missing ones', () => {
  const [start, end] = markers('x');
  const r = fillSections(`a\n${start}\nold\n${end}\nb`, [
    { name: 'x', text: 'new' },
    { name: 'y', text: 'z' },
  ]);
  assert.equal(r.text, `a\n${start}\nnew\n${end}\nb`);
  assert.deepEqual(r.missing, ['y']);
});
