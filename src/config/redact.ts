/**
 * Secrets stay in the resolved config (the run needs them); whatever shows or
 * saves a config (the report, `--verbose`) passes it through here first.
 */
import type { RunConfig } from './run-config.js';

const REDACTED = '<redacted>';

const secretParams = /([?&;](?:token|secret|password|passwd|access_token|api_key|apikey)=)[^&#;]*/gi;

/** A URL with its userinfo and secret-bearing query parameters replaced. Not a URL: returned as is. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, `$1${REDACTED}@`).replace(secretParams, `$1${REDACTED}`);
}

/** `--secret x` / `--secret=x` in gateway arguments. */
function redactArgs(args: readonly string[]): string[] {
  return args.map((a, i) => (args[i - 1] === '--secret' ? REDACTED : a.startsWith('--secret=') ? `--secret=${REDACTED}` : a));
}

/** A JSON-ready copy of `config` with tokens, secrets and URL credentials replaced by `<redacted>`. */
export function redactConfig(config: RunConfig): object {
  const t = config.target;
  const k = config.tokens;
  return {
    ...config,
    target: t.kind === 'url' ? { ...t, url: redactUrl(t.url) } : { ...t, gatewayArgs: redactArgs(t.gatewayArgs) },
    tokens:
      k.kind === 'static'
        ? { ...k, token: REDACTED }
        : k.kind === 'api'
          ? { ...k, apiUrl: redactUrl(k.apiUrl), secret: REDACTED }
          : { ...k },
    metricsUrl: config.metricsUrl === null ? null : redactUrl(config.metricsUrl),
    pprofUrl: config.pprofUrl === null ? null : redactUrl(config.pprofUrl),
    thresholds: config.thresholds.map((th) => ({ ...th })),
  };
}
