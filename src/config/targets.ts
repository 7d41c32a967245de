/**
 * What is tested and where its tokens come from. A setting that only makes
 * sense for the other kind of target is an error when the user gave it at the
 * same layer as the target or above (a flag, or both in the file), and is
 * ignored when a higher layer changed the target: `--target ws://…` on a
 * scenario written for the embedded gateway drops the file's `gateway:`.
 */
import { runDefaults } from './run-defaults.js';
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
  let gatewayArgs = b.value('gatewayArgs') ?? runDefaults.gatewayArgs;
  const secret = b.get('secret');
  if (secret?.layer === 'flag') {
    // The embedded gateway's secret is a flag of `imstress gateway`; its API then issues tokens with it.
    if (gatewayArgs.some((a) => a === '--secret' || a.startsWith('--secret='))) b.issue(secret.where, 'given twice: as --secret and as a --secret gateway argument; keep one');
    else gatewayArgs = [...gatewayArgs, '--secret', secret.value];
  }
  return { kind: 'embedded', gatewayMode: b.value('gatewayMode') ?? runDefaults.gatewayMode, gatewayArgs };
}

/** `ws://host:10001/…` → `http://host:10002` (§9: OpenIM's REST API beside the gateway). */
function derivedApiUrl(wsUrl: string): string {
  const u = new URL(wsUrl);
  return `${u.protocol === 'wss:' ? 'https:' : 'http:'}//${u.hostname}:${runDefaults.apiPort}`;
}

export function resolveTokens(b: SettingsBuilder, target: TargetConfig): TokenSource {
  const source = b.get('tokenSource');
  const targetRank = rank(b.get('target'));
  if (target.kind === 'embedded') {
    const msg = 'applies to a URL target (--target ws://…); the embedded gateway issues its own tokens';
    rejectAbove(b, ['tokenSource', 'apiConcurrency', 'register'], targetRank, msg);
    // A --secret flag went to the gateway's arguments; one from the file came with tokens.api, rejected above.
    return { kind: 'embedded-api' };
  }
  const choice = source?.value ?? { kind: 'api', apiUrl: derivedApiUrl(target.url) };
  if (choice.kind !== 'api') {
    const msg = `applies only to API tokens (--api-url); tokens come from ${source?.where ?? 'the API'}`;
    rejectAbove(b, ['secret', 'apiConcurrency', 'register'], rank(source), msg);
    return choice.kind === 'static' ? { kind: 'static', token: choice.token } : { kind: 'file', path: choice.path };
  }
  return {
    kind: 'api',
    apiUrl: choice.apiUrl,
    secret: b.value('secret') ?? runDefaults.secret,
    concurrency: b.value('apiConcurrency') ?? runDefaults.apiConcurrency,
    register: b.value('register') ?? runDefaults.register,
  };
}

/**
 * The secret the embedded gateway will run with: the last `--secret` in its
 * arguments (where `--secret` on `imstress run` puts it), else the gateway's
 * default. Its API issues tokens only to requests carrying it.
 */
export function embeddedSecret(gatewayArgs: readonly string[]): string {
  let secret: string = runDefaults.secret;
  gatewayArgs.forEach((a, i) => {
    if (a === '--secret' && gatewayArgs[i + 1] !== undefined) secret = gatewayArgs[i + 1] ?? secret;
    else if (a.startsWith('--secret=')) secret = a.slice('--secret='.length);
  });
  return secret;
}
