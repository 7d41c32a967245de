/**
 * The report: schema + version, verdict, build, read/write.
 */
export { REPORT_SCHEMA_NAME, REPORT_SCHEMA_VERSION } from './schema.js';
export type {
  Report,
  ReportTool,
  ReportTarget,
  ReportEnvironment,
  ReportTotals,
  ReportRates,
  ReportPhase,
  ReportErrors,
  ReportThreshold,
  ReportCoordinatedOmission,
  ReportShard,
  ReportHang,
  ReportOutage,
  Verdict,
  VerdictStatus,
  ThresholdEvaluation,
} from './schema.js';
export { verdictStatuses } from './schema.js';
export { decideVerdict, evaluateThresholds, errorRate, perSecond, verdictMeaning } from './verdict.js';
export type { VerdictInput, ThresholdInput } from './verdict.js';
export { buildReport, coordinatedOmissionNote, TOOL_NAME } from './build.js';
export type { BuildMeta } from './build.js';
export { collectEnvironment } from './environment.js';
export { writeReportAtomic, readReport, parseReport, serializeReport, defaultReportPath } from './io.js';
export { compareReports, checkRule, comparisonExitCode, presentationKeys } from './compare.js';
export { configDifferences, stableJson } from './config-diff.js';
export type {
  Comparison,
  ComparedRun,
  CompareFiles,
  MetricDelta,
  RuleOutcome,
  RegressionRule,
  MetricUnit,
  ConfigDifference,
} from './compare.js';
export { parseRegressionRules } from './regression-rules.js';
export { compareMetrics, metricDef, readMetric, decodeReport, verdictSeverity, longestOnlineFreezeSec } from './compare-metrics.js';
export type { MetricDef, DecodedReport } from './compare-metrics.js';
export { mergeReports, mergeIssues, mergeTimelines, perMachineKeys, MAX_MERGED_ERROR_SAMPLES } from './merge.js';
export type { MergeInput } from './merge.js';
export { reportIssues, readReportsForAnalysis, collectReports, failWith } from './check.js';
export type { CollectedReports } from './check.js';
