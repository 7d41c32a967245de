/**
 * Secrets stay in the resolved config (the run needs them); whatever shows or
 * saves a config (the report, `--verbose`) passes it through here first.
 */
import type { RunConfig } from './run-config.js';
import { REDACTED, redactUrl } from './redact-url.js';
import { runRows, runSettings, type RunSettingKey } from './run-settings.js';
import type { AnySetting, Part, Redaction } from './setting.js';

export { redactUrl } from './redact-url.js';

/** `--secret x` / `--secret=x` in gateway arguments. */
function redactArgs(args: readonly string[]): string[] {
  return args.map((a, i) => (args[i - 1] === '--secret' ? REDACTED : a.startsWith('--secret=') ? `--secret=${REDACTED}` : a));
}

const redactors: { readonly [R in Redaction]: (value: never) => unknown } = {
  url: (v: string) => redactUrl(v),
  secret: () => REDACTED,
  args: (v: readonly string[]) => redactArgs(v),
};

/** `value` as the row's redaction shows it (null stays null). */
function redactAs(key: RunSettingKey, value: unknown): unknown {
  const how = (runSettings[key] as AnySetting).redact;
  return how === undefined || value === null || value === undefined ? value : (redactors[how] as (v: unknown) => unknown)(value);
}

/** Which row each field of the composites comes from, so its redaction applies. */
const compositeFields: { readonly [P in Part]: Readonly<Record<string, RunSettingKey>> } = {
  target: { url: 'target', gatewayArgs: 'gatewayArgs' },
  tokens: { token: 'token', path: 'tokenFile', apiUrl: 'apiUrl', secret: 'secret' },
};

function redactComposite(part: Part, value: object): object {
  return Object.fromEntries(
    Object.entries(value).map(([field, v]) => {
      const key = compositeFields[part][field];
      return [field, key === undefined ? v : redactAs(key, v)];
    }),
  );
}

/** A JSON-ready copy of `config` with tokens, secrets and URL credentials replaced by `<redacted>` (each row's `redact`). */
export function redactConfig(config: RunConfig): object {
  const out: Record<string, unknown> = { ...config };
  for (const [key, row] of runRows) if (row.part === undefined && row.redact !== undefined) out[key] = redactAs(key, out[key]);
  out['target'] = redactComposite('target', config.target);
  out['tokens'] = redactComposite('tokens', config.tokens);
  out['thresholds'] = config.thresholds.map((th) => ({ ...th }));
  return out;
}
