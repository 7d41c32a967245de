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

/** String codes of the errors imstress raises itself (each one documented in {@link errorCatalog}). */
export type ErrorCode =
  | 'usage'
  | 'histogram_undecodable'
  | 'token_missing'
  | 'token_file_unreadable'
  | 'token_file_invalid'
  | 'token_file_incomplete'
  | 'token_api_refused'
  | 'token_api_http_error'
  | 'token_api_unreachable'
  | 'token_api_malformed'
  | 'output_unwritable'
  | 'port_in_use'
  | 'listen_failed'
  | 'gateway_start_failed'
  | 'worker_died'
  | 'target_died'
  | 'interrupted'
  | 'internal';

/** What an error code means and the exit code it implies. */
export interface ErrorCodeEntry {
  readonly exit: ExitCodeName;
  readonly meaning: string;
}

/**
 * Every error code, the exit code it implies and what it means. Exhaustive, so a
 * new code fails to compile until it is documented here; the code alone decides
 * the exit code (house style: exactly one place maps errors to exit codes).
 */
export const errorCatalog: Readonly<Record<ErrorCode, ErrorCodeEntry>> = {
  usage: { exit: 'usage', meaning: 'bad flags, scenario, thresholds or report: every problem is listed' },
  histogram_undecodable: { exit: 'usage', meaning: 'a report holds a histogram that does not decode (truncated or edited report)' },
  token_missing: { exit: 'usage', meaning: 'the token source has no token for a virtual user' },
  token_file_unreadable: { exit: 'usage', meaning: 'the --token-file cannot be read' },
  token_file_invalid: { exit: 'usage', meaning: 'the --token-file is neither the JSON object nor the line format expected' },
  token_file_incomplete: { exit: 'usage', meaning: 'the --token-file lacks tokens for some virtual users' },
  token_api_refused: { exit: 'targetUnavailable', meaning: 'the OpenIM REST API answered with an errCode (refused the request)' },
  token_api_http_error: { exit: 'targetUnavailable', meaning: 'the token API answered with an HTTP error (wrong route or release)' },
  token_api_unreachable: { exit: 'targetUnavailable', meaning: 'the token API could not be reached in time' },
  token_api_malformed: { exit: 'targetUnavailable', meaning: 'the token API replied with something that is not an OpenIM reply' },
  output_unwritable: { exit: 'usage', meaning: 'an output file (report, dump) cannot be written where the flag says' },
  port_in_use: { exit: 'usage', meaning: 'the embedded gateway cannot listen: the port is taken' },
  listen_failed: { exit: 'usage', meaning: 'the embedded gateway cannot listen on the given host and port' },
  gateway_start_failed: { exit: 'internal', meaning: 'the embedded gateway child process did not start' },
  worker_died: { exit: 'internal', meaning: 'a --workers thread died' },
  target_died: { exit: 'internal', meaning: 'the embedded gateway died during the run, so the verdict is not about the gateway model' },
  interrupted: { exit: 'interrupted', meaning: 'Ctrl-C / SIGTERM stopped the work before it finished' },
  internal: { exit: 'internal', meaning: 'a bug in imstress' },
};

/** One problem with user input: where it is and what was expected. */
export interface Issue {
  /** The flag, `file:key`, or other place the problem is. */
  readonly where: string;
  /** What was wrong and what was expected. */
  readonly message: string;
  /** Set on the one entry that stands for this many problems not listed ("… and N more"). */
  readonly omitted?: number;
}

/** The one error class: a code (which implies the exit code, see {@link errorCatalog}), a message, an optional hint. */
export class ImstressError extends Error {
  readonly code: ErrorCode;
  readonly exit: ExitCodeName;
  readonly hint: string | undefined;
  readonly issues: readonly Issue[];

  constructor(code: ErrorCode, message: string, options: { hint?: string | undefined; issues?: readonly Issue[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ImstressError';
    this.code = code;
    this.exit = errorCatalog[code].exit;
    this.hint = options.hint;
    this.issues = options.issues ?? [];
  }
}

/** A usage error listing every problem found (exit 2). */
export function usageError(issues: readonly Issue[], hint?: string): ImstressError {
  const lines = issues.map((i) => `  ${i.where}: ${i.message}`).join('\n');
  const total = issues.reduce((n, i) => n + (i.omitted ?? 1), 0);
  return new ImstressError('usage', `invalid input (${total.toLocaleString('en-US')} problem${total === 1 ? '' : 's'}):\n${lines}`, {
    issues,
    ...(hint === undefined ? {} : { hint }),
  });
}
