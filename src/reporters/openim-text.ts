/**
 * One line saying how imstress spoke to this OpenIM release (§14): which token
 * flow it used (and whether `auto` found it out), and isMsgResp. Shared by the
 * terminal summary and the markdown report.
 *
 * @module
 */
import type { ReportOpenIm } from '../report/schema.js';

const flowText: Readonly<Record<'user-token' | 'admin-token', string>> = {
  'user-token': 'user-token flow (secret in the body: user_register, user_token; OpenIM ≤ v3.8.1)',
  'admin-token': 'admin-token flow (get_admin_token, then user_register and get_user_token with the admin token; OpenIM ≥ v3.8.2)',
};

/** `OpenIM --openim-version auto: …` or null when the report has no `openim` section. */
export function openimText(o: ReportOpenIm | undefined): string | null {
  if (o === undefined) return null;
  const tokens =
    o.tokenFlow === null
      ? 'tokens not from the REST API'
      : `tokens by the ${flowText[o.tokenFlow]}${o.detected ? `, found by probing get_admin_token${o.tokenFlow === 'user-token' ? ' (404)' : ''}` : ''}`;
  return `OpenIM --openim-version ${o.version}: ${tokens} · isMsgResp ${o.msgResp ? 'on' : 'off'}`;
}
