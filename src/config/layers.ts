/**
 * The scenario file, the environment and the flags, each turned into
 * settings on a {@link SettingsBuilder} (applied in that order: later wins).
 * Every row of the settings table is read the same way; only the token
 * sources, which exclude one another, are checked together.
 */
import { envVarName, rawFlagsFromEnv } from './env-flags.js';
import { runRows, runSettings, type RawRunFlags, type RunSettingKey, type ScenarioFile } from './run-settings.js';
import { attrOf, longFlag, type AnySetting } from './setting.js';
import type { Layer, SettingsBuilder } from './settings.js';

/** The three token sources: one at most per layer. */
const tokenSources = ['token', 'tokenFile', 'apiUrl'] as const satisfies readonly RunSettingKey[];

/** A dotted key's value in the parsed file (`timeouts.reply`). */
function at(s: ScenarioFile, key: string): unknown {
  let node: unknown = s;
  for (const part of key.split('.')) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return node;
}

/** Scenario values are parsed already; this only records them with `file:key`. */
export function applyScenario(b: SettingsBuilder, s: ScenarioFile, file: string): void {
  for (const [key, row] of runRows) {
    if (row.key !== null) b.set(key, at(s, row.key) as never, `${file}:${row.key}`, 'file');
  }
}

/**
 * `IMSTRESS_*`: every run setting from the environment (env-flags.ts), parsed
 * as its flag is and named by its variable; `IMSTRESS_SECRET` keeps the API
 * secret off the command line and out of scenario files.
 */
export function applyEnv(b: SettingsBuilder, env: Readonly<Record<string, string | undefined>>): void {
  const { flags, issues } = rawFlagsFromEnv(env);
  for (const i of issues) b.issue(i.where, i.message);
  applyFlags(b, flags, (row) => envVarName(attrOf(row)), 'env');
}

/** Parses every flag given, recording each problem at its flag (or, for the environment layer, at its variable). */
export function applyFlags(b: SettingsBuilder, f: RawRunFlags, name: (row: AnySetting) => string = longFlag, layer: Layer = 'flag'): void {
  const raw = f as Readonly<Record<string, unknown>>;
  const given = tokenSources.filter((k) => raw[attrOf(runSettings[k])] !== undefined);
  if (given.length > 1) {
    const [token, file, api] = tokenSources.map((k) => name(runSettings[k]));
    b.issue(
      given.map((k) => name(runSettings[k])).join(' and '),
      `are mutually exclusive; expected one token source: ${token}, ${file} or ${api}`,
    );
  }
  for (const [key, row] of runRows) {
    const value = raw[attrOf(row)];
    if (value === undefined) continue;
    // Conflicting token sources were reported together above; none of them is set.
    if (given.length > 1 && (given as readonly string[]).includes(key)) continue;
    const where = name(row);
    const item = row.grammar.item;
    if (item === undefined || !Array.isArray(value)) {
      b.parse(key, value, where, layer, row.grammar.parse);
      continue;
    }
    // A list: each bad item is its own problem; a flag replaces the file's whole list.
    const items: unknown[] = [];
    for (const one of value as unknown[]) {
      const r = item.parse(one);
      if (r.ok) items.push(r.value);
      else b.issue(where, r.message);
    }
    if (items.length === value.length) b.set(key, items as never, where, layer);
  }
}
