/**
 * The CLI entry: builds the commander program, runs one command, and maps
 * its outcome to an exit code — the only place that does.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode, ImstressError, exitCodeMeaning, type ExitCodeName } from '../errors.js';
import { printable } from '../report/printable.js';
import { registerGatewayCommand } from './commands/gateway.js';
import { registerRunCommand } from './commands/run.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerReportCommand } from './commands/report.js';
import { registerMergeCommand } from './commands/merge.js';
import { registerExplainCommand } from './commands/explain.js';
import { processIo, type CliIo } from './io.js';
import { decorateHelp } from './help.js';

import { toolVersion as version } from '../version.js';

/** Runs the CLI with `argv` (process.argv shape) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  // Set from a command's action: the assertion stops TypeScript narrowing it to `null`, which it cannot see change.
  let result = null as Promise<number> | null;
  const verbose = argv.includes('--verbose');
  const program = new Command('imstress')
    .description('reproduce, detect and explain hangs in IM WebSocket gateways (OpenIM msggateway first)')
    .version(version, '-v, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .addHelpText(
      'after',
      `\nExit codes:\n${(Object.keys(ExitCode) as ExitCodeName[]).map((k) => `  ${String(ExitCode[k]).padStart(3)}  ${k}: ${exitCodeMeaning[k]}`).join('\n')}`,
    );
  const setResult = (p: Promise<number>): void => {
    result = p;
  };
  registerRunCommand(program, io, setResult);
  registerGatewayCommand(program, io, setResult);
  registerCompareCommand(program, io, setResult);
  registerReportCommand(program, io, setResult);
  registerMergeCommand(program, io, setResult);
  registerExplainCommand(program, io, setResult);
  program
    .command('version')
    .description('print the version of imstress (and of Node, the platform)')
    .action(() => io.out(`imstress ${version}\nnode ${process.version} ${process.platform} ${process.arch}`));
  decorateHelp(program);
  try {
    await program.parseAsync([...argv]);
    if (result === null) return ExitCode.ok;
    return await result;
  } catch (err) {
    return exitFor(err, io, verbose);
  }
}

/** Error → message and exit code (design.md: one function decides). */
export function exitFor(err: unknown, io: CliIo, verbose: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return ExitCode.ok;
    return ExitCode.usage; // commander already printed the problem
  }
  if (err instanceof ImstressError) {
    // Messages quote files, reports and servers: no control characters reach the terminal (#17.7).
    io.err(`imstress: ${printable(err.message)}`);
    if (err.hint !== undefined) io.err(`hint: ${printable(err.hint)}`);
    if (verbose && err.stack !== undefined && err.exit === 'internal') io.err(err.stack);
    return ExitCode[err.exit];
  }
  io.err(`imstress: internal error: ${printable(err instanceof Error ? err.message : String(err))}`);
  if (verbose && err instanceof Error && err.stack !== undefined) io.err(err.stack);
  else io.err('hint: run again with --verbose for the stack');
  return ExitCode.internal;
}
