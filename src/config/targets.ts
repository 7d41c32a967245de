/**
 * What is tested and where its tokens come from. A setting that only makes
 * sense for the other kind of target is an error when the user gave it at the
 * same layer as the target or above (a flag, or both in the file), and is
 * ignored when a higher layer changed the target: `--target ws://…` on a
 * scenario written for the embedded gateway drops the file's `gateway:`.
 */
import { runConstants, runSettings as rows } from './run-settings.js';
import type { TargetConfig, TokenSource } from './run-config.js';
import { layerRank, type SettingKey, type SettingsBuilder, type Sourced } from './settings.js';

const rank = (s: Sourced<unknown> | undefined): number => (s === undefined ? 0 : layerRank[s.layer]);

/** Issues `message` at every setting in `keys` given at `minRank` or above (environment values are hints, never errors). */
function rejectAbove(b: SettingsBuilder, keys: readonly SettingKey[], minRank: number, message: string): void {
  for (const key of keys) {
    const s = b.get(key);
    if (s !== undefined && s.layer !== 'env' && rank(s) >= minRank) b.issue(s.where, message);
  }
}

export function resolveTarget(b: SettingsBuilder): TargetConfig {
  const t = b.get('target');
  if (t !== undefined && t.value.kind === 'url') {
    rejectAbove(b, ['gatewayMode', 'gatewayArgs'], rank(t), `applies only to the embedded gateway; the target is a URL (${t.where})`);
    return { kind: 'url', url: t.value.url };
  }
  let gatewayArgs = b.value('gatewayArgs') ?? rows.gatewayArgs.default;
  const secret = b.get('secret');
  if (secret?.layer === 'flag') {
    // The embedded gateway's secret is a flag of `imstress gateway`; its API then issues tokens with it.
    if (gatewayArgs.some((a) => a === '--secret' || a.startsWith('--secret=')))
      b.issue(secret.where, 'given twice: as --secret and as a --secret gateway argument; keep one');
    else gatewayArgs = [...gatewayArgs, '--secret', secret.value];
  }
  return { kind: 'embedded', gatewayMode: b.value('gatewayMode') ?? rows.gatewayMode.default, gatewayArgs };
}

/** `ws://host:10001/…` → `http://host:10002` (§9: OpenIM's REST API beside the gateway). */
function derivedApiUrl(wsUrl: string): string {
  const u = new URL(wsUrl);
  return `${u.protocol === 'wss:' ? 'https:' : 'http:'}//${u.hostname}:${runConstants.apiPort}`;
}

const tokenSources = ['token', 'tokenFile', 'apiUrl'] as const satisfies readonly SettingKey[];

/** The token source of the highest layer (a layer names one at most: layers.ts and the scenario schema check). */
function tokenSource(b: SettingsBuilder): (Sourced<string> & { readonly key: (typeof tokenSources)[number] }) | undefined {
  let best: (Sourced<string> & { readonly key: (typeof tokenSources)[number] }) | undefined;
  for (const key of tokenSources) {
    const s = b.get(key);
    if (s !== undefined && (best === undefined || rank(s) > rank(best))) best = { ...s, key };
  }
  return best;
}

export function resolveTokens(b: SettingsBuilder, target: TargetConfig): TokenSource {
  const source = tokenSource(b);
  const targetRank = rank(b.get('target'));
  if (target.kind === 'embedded') {
    const msg = 'applies to a URL target (--target ws://…); the embedded gateway issues its own tokens';
    rejectAbove(b, [...tokenSources, 'apiConcurrency', 'register'], targetRank, msg);
    // A --secret flag went to the gateway's arguments; one from the file came with tokens.api, rejected above.
    return { kind: 'embedded-api' };
  }
  if (source !== undefined && source.key !== 'apiUrl') {
    const msg = `applies only to API tokens (--api-url); tokens come from ${source.where}`;
    rejectAbove(b, ['secret', 'apiConcurrency', 'register'], rank(source), msg);
    return source.key === 'token' ? { kind: 'static', token: source.value } : { kind: 'file', path: source.value };
  }
  return {
    kind: 'api',
    apiUrl: source?.value ?? derivedApiUrl(target.url),
    secret: b.value('secret') ?? rows.secret.default,
    concurrency: b.value('apiConcurrency') ?? rows.apiConcurrency.default,
    register: b.value('register') ?? rows.register.default,
  };
}

/**
 * The secret the embedded gateway will run with: the last `--secret` in its
 * arguments (where `--secret` on `imstress run` puts it), else the gateway's
 * default. Its API issues tokens only to requests carrying it.
 */
export function embeddedSecret(gatewayArgs: readonly string[]): string {
  let secret: string = rows.secret.default;
  gatewayArgs.forEach((a, i) => {
    if (a === '--secret' && gatewayArgs[i + 1] !== undefined) secret = gatewayArgs[i + 1] ?? secret;
    else if (a.startsWith('--secret=')) secret = a.slice('--secret='.length);
  });
  return secret;
}
