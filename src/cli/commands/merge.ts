/**
 * `imstress merge R1.json R2.json … -o merged.json`: one report from the
 * shards of a run on several machines (histograms merged exactly). Written
 * atomically; the merged summary goes to stderr. Exit code: the merged
 * verdict's (the worst shard's, like `imstress run`), or 2 when a report is
 * unreadable or the shards are incompatible.
 */
import type { Command } from 'commander';
import { collectReports, failWith } from '../../report/check.js';
import { serializeReport } from '../../report/io.js';
import { mergeIssues, mergeReports } from '../../report/merge.js';
import { renderSummary } from '../../reporters/console.js';
import { renderJson } from '../../reporters/json.js';
import { shouldUseColor } from '../../reporters/style.js';
import { toolVersion } from '../../version.js';
import type { CliIo } from '../io.js';
import { outputIssues, writeOutputs } from '../output-file.js';

interface MergeFlags {
  readonly output: string;
  readonly json?: boolean;
}

export function registerMergeCommand(program: Command, io: CliIo, setResult: (p: Promise<number>) => void): void {
  program
    .command('merge')
    .description('merge the reports of shards run on several machines into one (histograms merge exactly); exit code of the merged verdict')
    .argument('<reports...>', 'two or more reports of the same scenario and configuration')
    .requiredOption('-o, --output <file>', 'where to write the merged report (written atomically)')
    .option('--json', 'print the merged report on stdout')
    .action((files: string[], flags: MergeFlags) => setResult(Promise.resolve().then(() => mergeCommand(files, flags, io))));
}

function mergeCommand(files: readonly string[], flags: MergeFlags, io: CliIo): number {
  const found = collectReports(files);
  const inputs = found.reports.flatMap((report, i) => (report === null ? [] : [{ file: files[i] ?? `#${i + 1}`, report }]));
  // Incompatibilities among the readable reports are listed with the unreadable ones, all at once.
  const issues = [
    ...outputIssues([['-o', flags.output]]),
    ...found.issues,
    ...(found.issues.length > 0 && inputs.length < 2 ? [] : mergeIssues(inputs)),
  ];
  if (issues.length > 0)
    failWith(issues, [
      ...found.hints,
      'merge the reports of one scenario run on several machines (same flags and scenario file, different --report)',
    ]);
  const merged = mergeReports(inputs, toolVersion);
  for (const note of merged.notes ?? []) io.err(`warning: ${note}`);
  writeOutputs(io, [
    { to: 'file', flag: '-o', path: flags.output, render: () => serializeReport(merged) },
    // The summary lists the shards with their own verdicts (console.ts), as `imstress report` does for this file.
    {
      to: 'stderr',
      when: true,
      render: () =>
        renderSummary(merged, {
          color: shouldUseColor(io.stderrIsTTY, io.env),
          width: io.stderrColumns,
          reportPath: flags.output,
        }).trimEnd(),
    },
    { to: 'stdout', when: flags.json === true, render: () => renderJson(merged).trimEnd() },
  ]);
  return merged.verdict.exitCode;
}
