/**
 * Writing a rendering (markdown, JUnit, HTML) to a file the user named, and
 * checking such paths before the work: both through the one atomic writer
 * (src/report/atomic-file.ts), so reports and renderings fail alike, naming
 * the flag and the file with the reason in words.
 */
import { usageError } from '../errors.js';
import type { Issue } from '../errors.js';
import { outputPathIssues, writeFileAtomic } from '../report/atomic-file.js';

/** Writes `text` to `path` atomically. @throws ImstressError (exit 2) naming `flag` and `path`. */
export function writeOutputFile(flag: string, path: string, text: string): void {
  writeFileAtomic(flag, path, text);
}

/** The output files of a command: flag and path, null where the flag was not given (or writes to stdout). */
export type OutputTargets = ReadonlyArray<readonly [flag: string, path: string | null]>;

/** Every problem with the output paths (see {@link outputPathIssues}), all at once. */
export function outputIssues(targets: OutputTargets): Issue[] {
  return targets.flatMap(([flag, path]) => (path === null ? [] : outputPathIssues(flag, path)));
}

/** Fails (exit 2) listing every unwritable output path, before any work is done. */
export function checkOutputPaths(targets: OutputTargets): void {
  const issues = outputIssues(targets);
  if (issues.length > 0) throw usageError(issues, 'fix the output paths: nothing was run or written');
}
