/**
 * Exit codes, error codes and the error class every layer throws.
 *
 * One documented table (design.md "Verdicts and exit codes"); only the CLI's
 * `main` turns an {@link ImstressError} into text and a process status.
 */

/** The exit-code table of design.md, in one place. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  targetUnavailable: 3,
  thresholdsFailed: 4,
  hang: 5,
  regression: 6,
  leak: 7,
  interrupted: 130,
} as const;

export type ExitCodeName = keyof typeof ExitCode;

/** What each exit code means, for `--help` and the README (exhaustive). */
export const exitCodeMeaning: Readonly<Record<ExitCodeName, string>> = {
  ok: 'run finished: no hang, no leak, every threshold met',
  internal: 'a bug in imstress (stack shown with --verbose)',
  usage: 'bad flags, bad scenario file, unreadable or incompatible report: every problem listed, nothing run',
  targetUnavailable: 'no virtual user could reach the target at all, or it was lost mid-run (an outage still open at the end)',
  thresholdsFailed: 'a threshold was breached',
  hang: 'no progress for the hang window',
  regression: 'compare found B worse than A past the given rules',
  leak: 'ghost sessions remained after the drain check',
  interrupted: 'Ctrl-C / SIGTERM: partial report written',
};

/** String codes of the errors imstress raises itself. */
export type ErrorCode =
  | 'usage'
  | 'invalid_option'
  | 'port_in_use'
  | 'listen_failed'
  | 'internal';

/** One problem with user input: where it is and what was expected. */
export interface Issue {
  /** The flag, `file:key`, or other place the problem is. */
  readonly where: string;
  /** What was wrong and what was expected. */
  readonly message: string;
  /** Set on the one entry that stands for this many problems not listed ("… and N more"). */
  readonly omitted?: number;
}

/** The one error class: a code, the exit code it maps to, an optional hint. */
export class ImstressError extends Error {
  readonly code: ErrorCode;
  readonly exit: ExitCodeName;
  readonly hint: string | undefined;
  readonly issues: readonly Issue[];

  constructor(
    code: ErrorCode,
    message: string,
    options: { exit?: ExitCodeName; hint?: string | undefined; issues?: readonly Issue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ImstressError';
    this.code = code;
    this.exit = options.exit ?? 'internal';
    this.hint = options.hint;
    this.issues = options.issues ?? [];
  }
}

/** A usage error listing every problem found (exit 2). */
export function usageError(issues: readonly Issue[], hint?: string): ImstressError {
  const lines = issues.map((i) => `  ${i.where}: ${i.message}`).join('\n');
  const total = issues.reduce((n, i) => n + (i.omitted ?? 1), 0);
  return new ImstressError('usage', `invalid input (${total.toLocaleString('en-US')} problem${total === 1 ? '' : 's'}):\n${lines}`, {
    exit: 'usage',
    issues,
    ...(hint === undefined ? {} : { hint }),
  });
}
