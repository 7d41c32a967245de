/**
 * `--ca <file>`: read before the run, so a wrong path or a file with no
 * certificate is a usage error (exit 2), not a run of TLS failures.
 */
import { resolve } from 'node:path';
import { readRegularFile } from './regular-file.js';

/** A bundle of every public CA is a few hundred kB; anything far larger is not a CA file. */
const maxCaBytes = 16 * 1024 * 1024;

/** What is wrong with `path` (relative to `cwd`) as a CA file, or null. */
export function caFileProblem(path: string, cwd: string): string | null {
  // A regular file only: a FIFO with no writer would block the check forever (#17.7).
  const read = readRegularFile(resolve(cwd, path), maxCaBytes);
  if (!read.ok && read.code === null) return `"${path}" ${read.message}; expected a PEM file of CA certificates`;
  if (!read.ok) return `cannot read "${path}" (${read.code}); expected a PEM file of CA certificates`;
  const text = read.text;
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    return `"${path}" holds no PEM certificate; expected a file with "-----BEGIN CERTIFICATE-----" blocks`;
  return null;
}
