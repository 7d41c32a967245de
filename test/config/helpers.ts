/** Shared fixtures of the config tests: the repo root, temp dirs, and catching usage errors. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImstressError, type Issue } from '../../src/errors.js';

// This file runs as <root>/dist/test/config/helpers.js.
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Runs `fn` in a fresh temp directory, removed afterwards. */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'imstress-config-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The issues of the usage error `fn` throws (fails when it throws anything else, or nothing). */
export function usageIssues(fn: () => unknown): readonly Issue[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ImstressError, `expected an ImstressError, got ${String(err)}`);
    assert.equal(err.exit, 'usage');
    assert.equal(err.issues.length > 0, true);
    return err.issues;
  }
  assert.fail('expected a usage error');
}
