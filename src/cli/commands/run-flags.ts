/**
 * Every `imstress run` flag, declared from the settings table with no
 * commander defaults: a flag that was not given stays undefined, so a
 * scenario file's value is not overridden by a default (precedence: defaults
 * < file < environment < flags). Help text shows each row's default.
 */
import type { Command } from 'commander';
import { runInvocationFlags, runRows } from '../../config/run-settings.js';
import { helpLine, longFlag } from '../../config/setting.js';

export type { RawRunFlags } from '../../config/run-settings.js';

/** Declares every run flag on `cmd` (kebab-case, mirroring the scenario keys). */
export function addRunFlags(cmd: Command): Command {
  const [scenario, html] = runInvocationFlags;
  cmd.option(scenario.flag, scenario.help);
  for (const [, row] of runRows) {
    const flag = longFlag(row);
    if (flag.startsWith('--no-')) {
      // The positive form is declared (hidden) first so that commander gives the attribute no implicit default of true.
      cmd.addOption(cmd.createOption(`--${flag.slice('--no-'.length)}`, row.docs ?? row.help).hideHelp());
    }
    cmd.option(row.flag, helpLine(row));
    if (row.negation !== undefined) cmd.option(`--no-${flag.slice(2)}`, row.negation);
  }
  cmd.option(html.flag, html.help);
  return cmd;
}
