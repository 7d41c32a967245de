/**
 * `imstress report R.json`: re-renders a saved report — the terminal
 * summary on stderr, `--markdown` (stdout or a file), `--junit` (a file),
 * `--json` (stdout). Exit 0 once rendered (the run's own exit code was its
 * verdict); 2 when the report is unreadable.
 */
import type { Command } from 'commander';
import type { Issue } from '../../errors.js';
import { collectReports, failWith } from '../../report/check.js';
import { renderSummary } from '../../reporters/console.js';
import { renderJson } from '../../reporters/json.js';
import { renderJunit } from '../../reporters/junit.js';
import { renderReportMarkdown } from '../../reporters/markdown.js';
import { trialsSummaryLines } from '../../trials/text.js';
import { renderReportHtml } from '../../reporters/html/index.js';
import { shouldUseColor } from '../../reporters/style.js';
import { ExitCode } from '../../errors.js';
import { fileOrStdout, outputIssues, writeOutputs } from '../output-file.js';
import type { CliIo } from '../io.js';

interface ReportFlags {
  readonly markdown?: string | boolean;
  readonly junit?: string;
  readonly json?: boolean;
  readonly html?: string;
}

export function registerReportCommand(program: Command, io: CliIo, setResult: (p: Promise<number>) => void): void {
  program
    .command('report')
    .description('re-render a saved report: terminal summary, --markdown, --junit, --html, --json')
    .argument('<report>', 'a report written by imstress run or merge')
    .option('--markdown [file]', 'write the report as markdown (to stdout when no file is given)')
    .option('--junit <file>', 'write JUnit XML: one test case per check (no hang, no leak, target reachable, each threshold)')
    .option('--json', 'print the report JSON on stdout')
    .option('--html <file>', 'write a self-contained HTML page with charts (opens offline)')
    .action((file: string, flags: ReportFlags) => setResult(Promise.resolve().then(() => reportCommand(file, flags, io))));
}

function reportCommand(file: string, flags: ReportFlags, io: CliIo): number {
  const issues: Issue[] = [];
  if (flags.markdown === true && flags.json === true)
    issues.push({ where: '--markdown', message: 'both --json and --markdown without a file write to stdout; give --markdown a file' });
  // Every output path before any rendering: a bad one must not come after the summary was printed.
  issues.push(
    ...outputIssues([
      ['--markdown', typeof flags.markdown === 'string' ? flags.markdown : null],
      ['--junit', flags.junit ?? null],
      ['--html', flags.html ?? null],
    ]),
  );
  const found = collectReports([file]);
  const report = found.reports[0];
  if (issues.length > 0 || found.issues.length > 0 || report == null) failWith([...issues, ...found.issues], found.hints);
  writeOutputs(io, [
    {
      to: 'stderr',
      when: true,
      render: () =>
        renderSummary(report, { color: shouldUseColor(io.stderrIsTTY, io.env), width: io.stderrColumns, reportPath: file }).trimEnd(),
    },
    {
      to: 'stderr',
      when: report.trials !== undefined,
      render: () => (report.trials === undefined ? '' : trialsSummaryLines(report.trials).join('\n')),
    },
    fileOrStdout('--markdown', flags.markdown, 'markdown', () => renderReportMarkdown(report)),
    { to: 'file', flag: '--junit', path: flags.junit ?? null, render: () => renderJunit(report), label: 'junit' },
    { to: 'file', flag: '--html', path: flags.html ?? null, render: () => renderReportHtml(report), label: 'html' },
    { to: 'stdout', when: flags.json === true, render: () => renderJson(report).trimEnd() },
  ]);
  return ExitCode.ok;
}
