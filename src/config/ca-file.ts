/**
 * `--ca <file>`: read before the run, so a wrong path or a file with no
 * certificate is a usage error (exit 2), not a run of TLS failures.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** What is wrong with `path` (relative to `cwd`) as a CA file, or null. */
export function caFileProblem(path: string, cwd: string): string | null {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (err) {
    return `cannot read "${path}" (${(err as NodeJS.ErrnoException).code ?? String(err)}); expected a PEM file of CA certificates`;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) return `"${path}" holds no PEM certificate; expected a file with "-----BEGIN CERTIFICATE-----" blocks`;
  return null;
}
