/**
 * The typed error of the Prometheus text parser.
 *
 * @module
 */

/** Closed set of parse error codes; each is documented in {@link PROMETHEUS_ERROR_CODES}. */
export type PrometheusErrorCode =
  | 'input_too_large'
  | 'invalid_metric_name'
  | 'invalid_label_name'
  | 'invalid_label_syntax'
  | 'invalid_escape'
  | 'unterminated_label_value'
  | 'duplicate_label'
  | 'too_many_labels'
  | 'invalid_value'
  | 'invalid_timestamp'
  | 'trailing_data'
  | 'invalid_comment'
  | 'duplicate_type';

/**
 * What each code means. An exhaustive `Record`, so adding a code without
 * documenting it fails to compile.
 *
 * @public a documentation catalog, kept complete by the compiler
 */
export const PROMETHEUS_ERROR_CODES: Readonly<Record<PrometheusErrorCode, string>> = {
  input_too_large: 'the exposition text is longer than the parser accepts',
  invalid_metric_name: 'a metric name does not match [a-zA-Z_:][a-zA-Z0-9_:]*',
  invalid_label_name: 'a label name does not match [a-zA-Z_][a-zA-Z0-9_]*',
  invalid_label_syntax: 'a label set is malformed (expected name="value" pairs separated by commas, closed by })',
  invalid_escape: 'a label value holds an escape other than \\\\, \\" or \\n',
  unterminated_label_value: 'a label value has no closing quote before the end of the line',
  duplicate_label: 'a sample names the same label twice',
  too_many_labels: 'a sample has more labels than the parser accepts',
  invalid_value: 'a sample value is missing or not a float (NaN, +Inf and -Inf are allowed)',
  invalid_timestamp: 'a sample timestamp is not an integer number of milliseconds',
  trailing_data: 'a sample line has data after its timestamp',
  invalid_comment: 'a # HELP or # TYPE line lacks a metric name, or # TYPE names an unknown type',
  duplicate_type: 'a metric has a second # TYPE line',
};

/** Thrown by the parser, and only this, for any input it cannot accept. */
export class PrometheusParseError extends Error {
  /** Machine-readable reason; see {@link PROMETHEUS_ERROR_CODES}. */
  readonly code: PrometheusErrorCode;
  /** 1-based line number of the problem; 0 for whole-input problems. */
  readonly line: number;

  constructor(code: PrometheusErrorCode, line: number, message: string) {
    super(line > 0 ? `${code}: line ${line}: ${message}` : `${code}: ${message}`);
    this.name = 'PrometheusParseError';
    this.code = code;
    this.line = line;
  }
}
