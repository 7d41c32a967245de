/**
 * URLs without their credentials: a module of its own because the value
 * grammars (`values.ts`) echo bad URLs redacted, and the settings table,
 * which `redact.ts` reads, is built from those grammars.
 */

export const REDACTED = '<redacted>';

const secretParams = /([?&;](?:token|secret|password|passwd|access_token|api_key|apikey)=)[^&#;]*/gi;

/** A URL with its userinfo and secret-bearing query parameters replaced. Not a URL: returned as is. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, `$1${REDACTED}@`).replace(secretParams, `$1${REDACTED}`);
}
