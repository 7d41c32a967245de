import { test } from 'node:test';
import assert from 'node:assert/strict';

import { ExitCode, ImstressError, errorCatalog, usageError, type ErrorCode, type ExitCodeName } from '../src/errors.js';

const codes = Object.keys(errorCatalog) as ErrorCode[];

test('every error code implies its exit code: the catalog alone decides it', () => {
  for (const code of codes) {
    const err = new ImstressError(code, 'm');
    assert.equal(err.exit, errorCatalog[code].exit, code);
    assert.ok(err.exit in ExitCode, `${code} maps to a documented exit code`);
    assert.notEqual(errorCatalog[code].meaning.trim(), '', `${code} is documented`);
  }
});

// The codes that the old catch-all `invalid_option` stood for, and the exits they had there.
const table: readonly (readonly [ErrorCode, ExitCodeName])[] = [
  ['token_missing', 'usage'],
  ['token_file_unreadable', 'usage'],
  ['token_file_invalid', 'usage'],
  ['token_file_incomplete', 'usage'],
  ['token_api_refused', 'targetUnavailable'],
  ['token_api_http_error', 'targetUnavailable'],
  ['token_api_unreachable', 'targetUnavailable'],
  ['token_api_malformed', 'targetUnavailable'],
  ['output_unwritable', 'usage'],
  ['interrupted', 'interrupted'],
  ['internal', 'internal'],
];

for (const [code, exit] of table) {
  test(`${code} exits ${exit} (${ExitCode[exit]})`, () => {
    assert.equal(new ImstressError(code, 'm').exit, exit);
  });
}

test('codes are snake_case', () => {
  for (const code of codes) assert.match(code, /^[a-z]+(?:_[a-z]+)*$/, code);
});

test('usageError keeps the usage code, its exit and every issue', () => {
  const err = usageError([
    { where: '--vus', message: 'expected a positive integer' },
    { where: 'scenario.yaml:rate', message: 'expected a rate' },
  ]);
  assert.equal(err.code, 'usage');
  assert.equal(err.exit, 'usage');
  assert.equal(err.issues.length, 2);
  assert.match(err.message, /invalid input \(2 problems\)/);
});
