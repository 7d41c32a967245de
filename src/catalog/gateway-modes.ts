/**
 * The embedded gateway's modes. Neutral (imports nothing), so the config and
 * the report name a mode without importing the gateway (issue #13: no
 * config <-> gateway cycle).
 */

/** §7.6, §7.9: the three connection-handling structures the model reproduces. */
export const gatewayModes = ['v3.5.1', 'blog-fix', 'v3.8'] as const;
export type GatewayMode = (typeof gatewayModes)[number];

/** What each mode is, for `--help` and the README (exhaustive). */
export const gatewayModeMeaning: Readonly<Record<GatewayMode, string>> = {
  'v3.5.1': 'one loop over register/unregister/kick; the kick self-sends into unregisterChan (deadlocks under churn)',
  'blog-fix': 'one loop per channel, as in the write-up (no deadlock; register/unregister race on the user map)',
  'v3.8':
    'online status off the loop (batched, non-blocking), race-free close, no kick for the same token; v3.8.2+ token API (admin token) and isMsgResp',
};
