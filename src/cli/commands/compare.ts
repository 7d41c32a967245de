/**
 * `imstress compare BASE.json HEAD.json`: before/after comparison of two
 * reports. The terminal table goes to stderr (human output), `--json` and
 * `--markdown` without a file to stdout; exit 6 when a `--max-regression`
 * rule failed or the verdict got worse (unless `--allow-verdict-change`), 2
 * when a report is unreadable or the two are incompatible.
 */
import type { Command } from 'commander';
import type { Issue } from '../../errors.js';
import { compareReports, comparisonExitCode } from '../../report/compare.js';
import { metricList, parseRegressionRules } from '../../report/regression-rules.js';
import { collectReports, failWith } from '../../report/check.js';
import { renderCompareConsole } from '../../reporters/compare-console.js';
import { renderCompareMarkdown } from '../../reporters/markdown.js';
import { renderCompareHtml } from '../../reporters/html/index.js';
import { shouldUseColor } from '../../reporters/style.js';
import { fileOrStdout, outputIssues, writeOutputs } from '../output-file.js';
import type { CliIo } from '../io.js';

interface CompareFlags {
  readonly maxRegression?: string[];
  readonly markdown?: string | boolean;
  readonly json?: boolean;
  readonly html?: string;
  readonly allowVerdictChange?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerCompareCommand(program: Command, io: CliIo, setResult: (p: Promise<number>) => void): void {
  program
    .command('compare')
    .description(
      "compare two reports (before → after): is it fixed? (hang rates over trials, Fisher's exact test), verdict change, throughput, latency percentiles, stalls, errors; exit 6 on a worse verdict or a --max-regression breach",
    )
    .argument('<base>', 'the baseline report (before), e.g. reports/before.json')
    .argument('<head>', 'the report to judge (after)')
    .option(
      '--max-regression <rule>',
      `METRIC=N% (relative) or METRIC=+N[unit] (absolute): how much worse the head may be; repeatable (e.g. reply.p99=10%, errors=+0). Metrics: ${metricList()}`,
      collect,
    )
    .option('--markdown [file]', 'write the comparison as markdown (to stdout when no file is given), for a pull request')
    .option('--json', 'print the comparison as JSON on stdout')
    .option(
      '--allow-verdict-change',
      'a worse verdict (ok → hang, ok → leak, a significantly higher hang rate) is reported but is not a regression (default: it is, exit 6)',
    )
    .option('--html <file>', 'write a self-contained HTML page: both runs overlaid, verdict change, metric deltas, rule outcomes')
    .action((base: string, head: string, flags: CompareFlags) =>
      setResult(Promise.resolve().then(() => compareCommand(base, head, flags, io))),
    );
}

function compareCommand(baseFile: string, headFile: string, flags: CompareFlags, io: CliIo): number {
  const issues: Issue[] = [];
  const { rules, issues: ruleIssues } = parseRegressionRules(flags.maxRegression ?? []);
  issues.push(...ruleIssues);
  if (flags.markdown === true && flags.json === true)
    issues.push({ where: '--markdown', message: 'both --json and --markdown without a file write to stdout; give --markdown a file' });
  // Every output path before any rendering: a bad one must not come after the table was printed.
  issues.push(
    ...outputIssues([
      ['--markdown', typeof flags.markdown === 'string' ? flags.markdown : null],
      ['--html', flags.html ?? null],
    ]),
  );
  const found = collectReports([baseFile, headFile]);
  issues.push(...found.issues);
  const [base, head] = found.reports;
  if (base != null && head != null && base.scenario !== head.scenario) {
    issues.push({
      where: `${headFile}:scenario`,
      message: `"${head.scenario}" differs from "${base.scenario}" in ${baseFile}: compare runs of the same scenario`,
    });
  }
  if (issues.length > 0 || base == null || head == null) failWith(issues, found.hints);
  const comparison = compareReports(base, head, rules, { baseFile, headFile, allowVerdictChange: flags.allowVerdictChange === true });
  writeOutputs(io, [
    {
      to: 'stderr',
      when: true,
      render: () => renderCompareConsole(comparison, { color: shouldUseColor(io.stderrIsTTY, io.env), base, head }).trimEnd(),
    },
    fileOrStdout('--markdown', flags.markdown, 'markdown', () => renderCompareMarkdown(comparison, { base, head })),
    { to: 'file', flag: '--html', path: flags.html ?? null, render: () => renderCompareHtml(base, head, comparison), label: 'html' },
    { to: 'stdout', when: flags.json === true, render: () => JSON.stringify(comparison, null, 2) },
  ]);
  return comparisonExitCode(comparison);
}
