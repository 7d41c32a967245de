/**
 * A command's outputs, written by one function (issue #13 step 4): `run`,
 * `report`, `compare` and `merge` each list what they produce (the report
 * file, the terminal summary, markdown, JUnit, HTML, JSON) and
 * {@link writeOutputs} writes them in that order. Files go through the one
 * atomic writer (src/report/atomic-file.ts), so reports and renderings fail
 * alike, naming the flag and the file with the reason in words; and the paths
 * are checked before the work ({@link outputIssues}).
 */
import { ImstressError, usageError } from '../errors.js';
import type { Issue } from '../errors.js';
import { outputPathIssues, writeFileAtomic } from '../report/atomic-file.js';
import type { CliIo } from './io.js';

/**
 * One output of a command. Rendering is deferred: an output that is not
 * asked for is never rendered.
 */
export type Output =
  | {
      /** A file the user named (or the report's default path). */
      readonly to: 'file';
      /** The flag that names it (`--html`, `-o`, `--report`), for messages. */
      readonly flag: string;
      /** null: not asked for. */
      readonly path: string | null;
      readonly render: () => string;
      /** Said on stderr once written (`markdown`: `markdown: FILE`); absent: nothing said. */
      readonly label?: string;
      /**
       * A file that is not the product (the run's HTML page next to its report): when writing
       * fails, the line to say on stderr instead of failing. Absent: the error stands (exit 2).
       */
      readonly onWriteError?: (err: ImstressError) => string;
    }
  | { readonly to: 'stdout' | 'stderr'; /** false: not asked for. */ readonly when: boolean; readonly render: () => string };

/** `--markdown [file]`: to stdout when given alone, else to the file; absent or false: not asked for. */
export function fileOrStdout(flag: string, value: string | boolean | undefined, label: string, render: () => string): Output {
  if (value === true) return { to: 'stdout', when: true, render: () => render().trimEnd() };
  return { to: 'file', flag, path: typeof value === 'string' ? value : null, render, label };
}

/** Writes `outputs` in order: each file atomically, each text as one write to its stream. */
export function writeOutputs(io: Pick<CliIo, 'out' | 'err'>, outputs: readonly Output[]): void {
  for (const o of outputs) {
    if (o.to !== 'file') {
      if (o.when && o.to === 'stdout') io.out(o.render());
      else if (o.when) io.err(o.render());
      continue;
    }
    if (o.path === null) continue;
    try {
      writeFileAtomic(o.flag, o.path, o.render());
    } catch (err: unknown) {
      if (!(err instanceof ImstressError) || o.onWriteError === undefined) throw err;
      io.err(o.onWriteError(err));
      continue;
    }
    if (o.label !== undefined) io.err(`${o.label}: ${o.path}`);
  }
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
