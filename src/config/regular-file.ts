/**
 * Reading an input file the user named (a scenario file, a report for
 * `compare`) without ever blocking and without reading without bound.
 *
 * Only regular files are read: a FIFO with no writer would block `open()`
 * forever (issue #17.7), and a character device such as `/dev/zero` never
 * ends. Refusing them is simpler and more predictable than a read timeout,
 * and costs nothing real: these inputs are small files written by a person
 * or by imstress. The file is opened non-blocking and checked again on the
 * descriptor, so a path swapped for a FIFO after the first check still
 * cannot block. A size cap is checked before anything is read.
 *
 * @module
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** The text of the file, or why it was not read (`code`: the system error code, when there was one). */
export type FileRead =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string; readonly code: string | null };

/** What a non-regular file is, in words. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** `1.5 MB`, `1 MiB` for the cap: sizes as a person reads them. */
function byteSize(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(1)} kB`;
  return `${n} bytes`;
}

function notRegular(st: Stats): FileRead {
  return {
    ok: false,
    code: null,
    message: `is ${kindOf(st)}, not a regular file; imstress reads only regular files (a pipe or device could block or never end)`,
  };
}

/**
 * Reads a regular file as UTF-8.
 * @param maxBytes refuse files larger than this (null: no cap)
 */
export function readRegularFile(path: string, maxBytes: number | null): FileRead {
  const fail = (err: unknown): FileRead => {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, code: typeof e.code === 'string' ? e.code : null, message: e.message };
  };
  let st: Stats;
  try {
    st = statSync(path);
  } catch (err) {
    return fail(err);
  }
  if (!st.isFile()) return notRegular(st);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return fail(err);
  }
  try {
    const at = fstatSync(fd);
    if (!at.isFile()) return notRegular(at);
    if (maxBytes !== null && at.size > maxBytes) {
      return { ok: false, code: null, message: `is ${byteSize(at.size)}; the limit is ${byteSize(maxBytes)}` };
    }
    // Read to the end, but never past the cap (+1 byte, to tell a file that grew after the fstat).
    const limit = maxBytes === null ? Infinity : maxBytes + 1;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(at.size - total, 0) + 64 * 1024, limit - total, 16 * 1024 * 1024));
      if (buf.length === 0) break;
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
    }
    if (maxBytes !== null && total > maxBytes)
      return { ok: false, code: null, message: `grew past the limit of ${byteSize(maxBytes)} while being read` };
    return { ok: true, text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (err) {
    return fail(err);
  } finally {
    closeSync(fd);
  }
}
