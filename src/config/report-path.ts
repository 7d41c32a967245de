/**
 * The report path is checked before the run, not after it: a run of an hour
 * must not end in "cannot write the report".
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const reason = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);

/** What is wrong with writing a report to `path` (relative to `cwd`), or null. */
export function reportPathProblem(path: string, cwd: string): string | null {
  const abs = resolve(cwd, path);
  if (path.endsWith('/') || isDirectory(abs)) return `got "${path}", a directory; expected a file path such as reports/run.json`;
  const dir = dirname(abs);
  if (!isDirectory(dir)) return `directory "${dir}" does not exist; expected the report's directory to exist (create it first)`;
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    return `directory "${dir}" is not writable (${reason(err)})`;
  }
  return null;
}

/** Creates the default reports directory when missing and checks it is writable; a problem, or null. */
export function ensureReportsDir(dir: string, cwd: string): string | null {
  const abs = resolve(cwd, dir);
  try {
    mkdirSync(abs, { recursive: true });
    accessSync(abs, constants.W_OK);
  } catch (err) {
    return `cannot use the default reports directory "${abs}" (${reason(err)}); expected a writable directory, or set --report`;
  }
  return null;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
