/**
 * The report path is checked before the run, not after it: a run of an hour
 * must not end in "cannot write the report".
 */
import { closeSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';

const reason = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);

/** What is wrong with writing a report to `path` (relative to `cwd`), or null. */
export function reportPathProblem(path: string, cwd: string): string | null {
  const abs = resolve(cwd, path);
  if (path.endsWith('/') || isDirectory(abs)) return `got "${path}", a directory; expected a file path such as reports/run.json`;
  const dir = dirname(abs);
  if (!isDirectory(dir)) return `directory "${dir}" does not exist; expected the report's directory to exist (create it first)`;
  const why = cannotCreateIn(dir);
  return why === null ? null : `directory "${dir}" is not writable (${why}); expected a directory where a file can be created`;
}

/**
 * Creates and removes a probe file in `dir`: the one test that holds for
 * root (for whom access(W_OK) is always true), read-only file systems and
 * pseudo file systems like /proc. The reason, or null.
 */
function cannotCreateIn(dir: string): string | null {
  const probe = join(dir, `.imstress-write-check-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx', 0o600));
  } catch (err) {
    return reason(err);
  }
  rmSync(probe, { force: true });
  return null;
}

/** Creates the default reports directory when missing and checks it is writable; a problem, or null. */
export function ensureReportsDir(dir: string, cwd: string): string | null {
  const abs = resolve(cwd, dir);
  let why: string | null;
  try {
    mkdirSync(abs, { recursive: true });
    why = cannotCreateIn(abs);
  } catch (err) {
    why = reason(err);
  }
  return why === null ? null : `cannot use the default reports directory "${abs}" (${why}); expected a writable directory, or set --report`;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
