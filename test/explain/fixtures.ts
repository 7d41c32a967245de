/** The Go fixture dumps under test/fixtures/goroutine-dumps/ (each beside the program that wrote it). */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// This file runs as <root>/dist/test/explain/fixtures.js: the repo root is three directories above.
export const dumpsDir = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'), 'test', 'fixtures', 'goroutine-dumps');

export const fixtureNames = ['self-send', 'mutex-inversion', 'leak', 'healthy'] as const;

/** The text of one fixture dump: `self-send/hang.txt`. */
export function dumpText(name: (typeof fixtureNames)[number], file: string): string {
  return readFileSync(join(dumpsDir, name, file), 'utf8');
}
