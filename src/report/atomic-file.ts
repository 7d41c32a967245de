/**
 * The one atomic file writer, for reports (`run --report`, `merge -o`) and
 * renderings (`--html`, `--markdown FILE`, `--junit`): the text goes to a
 * temporary file in the same directory, is fsynced, then renamed over the
 * target (rename is atomic within a file system), so a reader — a CI step,
 * a later `compare` — sees the old file or the whole new one, never half.
 * Failures are usage errors (exit 2) naming the flag and the file, with the
 * reason in words; checking a path before the work is
 * {@link outputPathIssues}.
 */
import { accessSync, closeSync, constants, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { ImstressError } from '../errors.js';
import type { Issue } from '../errors.js';

/** File-system error codes in words, for messages (`ENOTDIR` → `… is not a directory`). */
const codeWords: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  EBUSY: 'the file is busy',
  EIO: 'input/output error',
};

/** The `code` of a Node system error (`ENOENT`, …), if it has one. */
function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** A file-system error as words; the code stays in brackets for a search. */
export function fsErrorWords(err: unknown): string {
  const code = errorCode(err);
  if (code !== undefined && Object.hasOwn(codeWords, code)) return `${codeWords[code]} (${code})`;
  return err instanceof Error ? err.message : String(err);
}

/** The nearest part of `path` that exists (the path itself, or an ancestor). */
function nearestExisting(path: string): { readonly path: string; readonly isDirectory: boolean } | null {
  let p = resolve(path);
  for (;;) {
    try {
      return { path: p, isDirectory: statSync(p).isDirectory() };
    } catch (err: unknown) {
      // ENOTDIR: an ancestor is a file; going up finds it and says so.
      const code = errorCode(err);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return { path: p, isDirectory: false };
      const up = dirname(p);
      if (up === p) return null;
      p = up;
    }
  }
}

/**
 * Whether `path` can be written, checked before the work that produces it
 * (a run of minutes must not end in `cannot write`): not a directory, and
 * the nearest existing ancestor a writable directory (the missing ones are
 * created). Empty when it looks writable; a full disk still shows only at
 * the write.
 */
export function outputPathIssues(flag: string, path: string): Issue[] {
  const where = `${flag} ${path}`;
  if (path === '') return [{ where: flag, message: 'expected a file path, got an empty string' }];
  const found = nearestExisting(path);
  if (found === null) return [{ where, message: 'no part of the path exists' }];
  if (found.path === resolve(path)) {
    if (found.isDirectory) return [{ where, message: 'is a directory: give a file name' }];
    try {
      accessSync(found.path, constants.W_OK);
    } catch {
      return [{ where, message: 'permission denied: the file is not writable' }];
    }
    return nearestExisting(dirname(path))?.isDirectory === false ? [{ where, message: `${dirname(path)} is not a directory` }] : [];
  }
  if (!found.isDirectory) return [{ where, message: `${found.path} is not a directory` }];
  try {
    accessSync(found.path, constants.W_OK | constants.X_OK);
  } catch {
    return [{ where, message: `permission denied: cannot create files in ${found.path}` }];
  }
  return [];
}

/**
 * Writes `text` to `path` atomically (see the module comment), creating the
 * parent directory. On failure the temporary file is removed (best effort)
 * and `path` keeps what it held.
 * @param flag the flag that named the file (`--report`, `-o`, `--html`, …), for the message.
 * @throws ImstressError (exit `usage`) naming `flag` and `path`, the reason in words.
 */
export function writeFileAtomic(flag: string, path: string, text: string): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      const buf = Buffer.from(text, 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err: unknown) {
    try {
      // `force` ignores only ENOENT: under a parent that is not a directory (ENOTDIR) the cleanup itself throws.
      rmSync(tmp, { force: true });
    } catch {
      // nothing was created
    }
    const issues = outputPathIssues(flag, path);
    const why = issues[0]?.message ?? fsErrorWords(err);
    throw new ImstressError('output_unwritable', `cannot write ${path} (${flag}): ${why}`, {
      hint: `check that ${flag} names a file in a directory that exists or can be created, is writable, and that the disk is not full`,
      issues: [{ where: `${flag} ${path}`, message: `cannot write: ${why}` }],
      cause: err,
    });
  }
  syncDir(dir);
}

/** Best-effort fsync of the directory, so the rename itself survives a power cut. */
function syncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported everywhere (e.g. Windows); the rename is still atomic.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
