/**
 * Every `imstress run` setting from the environment, k6 style: the flag's
 * name in upper snake case after `IMSTRESS_` (`--ramp-up` → `IMSTRESS_RAMP_UP`,
 * `--no-register` → `IMSTRESS_REGISTER=false`). Precedence: defaults <
 * scenario file < environment < flags. An empty variable counts as unset, so
 * `IMSTRESS_USERS= imstress run` behaves like no variable at all. Values are
 * the flag's own text and parsed by the same code as the flag, so a bad one
 * is reported at the variable's name with the flag's message.
 *
 * Not from the environment: `--scenario` (it chooses the file layer below
 * the environment) and `--html` (an output of this invocation, not a run
 * setting). Unknown `IMSTRESS_*` names are ignored: CI files use names such
 * as `IMSTRESS` for their own purposes.
 */
import type { Issue } from '../errors.js';
import { runRows, type RawRunFlags } from './run-settings.js';
import { attrOf } from './setting.js';

/** The prefix of every run setting's environment variable. */
export const envPrefix = 'IMSTRESS_';

/** `rampUp` → `IMSTRESS_RAMP_UP` (a flag's attribute name). */
export function envVarName(attr: string): string {
  return `${envPrefix}${attr.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

const truthy = new Set(['true', '1', 'yes', 'on']);
const falsy = new Set(['false', '0', 'no', 'off']);

/**
 * The run flags the environment sets, as commander would hand them over,
 * and a problem per variable that cannot be read (a boolean that is not one).
 * Every row of the settings table has its variable; its grammar says how the
 * text is read (a switch, a comma- or space-separated list, or text).
 */
export function rawFlagsFromEnv(env: Readonly<Record<string, string | undefined>>): { flags: RawRunFlags; issues: Issue[] } {
  const flags: Record<string, unknown> = {};
  const issues: Issue[] = [];
  for (const [, row] of runRows) {
    const key = attrOf(row);
    const name = envVarName(key);
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const g = row.grammar;
    if (g.raw === 'boolean') {
      const v = raw.trim().toLowerCase();
      if (truthy.has(v)) flags[key] = true;
      else if (falsy.has(v)) flags[key] = false;
      else issues.push({ where: name, message: `got "${raw}"; expected true or false (also 1/0, yes/no, on/off)` });
    } else if (g.item?.split === 'comma') {
      flags[key] = raw
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
    } else if (g.item?.split === 'space') {
      flags[key] = raw.split(/\s+/).filter((s) => s !== '');
    } else {
      flags[key] = raw;
    }
  }
  return { flags: flags, issues };
}
