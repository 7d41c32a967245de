/**
 * Writing a rendering (markdown, JUnit, …) to a file the user named: the
 * parent directory is created, the text goes to a temporary file that is
 * renamed over the target (so a CI step never reads half a file), and a
 * failure is a usage error naming the flag and the file.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { usageError } from '../errors.js';

/** Writes `text` to `path` atomically. @throws ImstressError (exit 2) naming `flag` and `path`. */
export function writeOutputFile(flag: string, path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, text, { encoding: 'utf8', flag: 'wx' });
    renameSync(tmp, path);
  } catch (err: unknown) {
    // `force` ignores only ENOENT: when the parent is not a directory (ENOTDIR) the cleanup itself would throw.
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was created
    }
    const why = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : String(err);
    throw usageError([{ where: flag, message: `cannot write ${path}: ${why}` }], 'check the directory exists or can be created and is writable');
  }
}
