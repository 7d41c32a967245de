/**
 * The adapter-name catalog. Neutral (imports nothing), so the config can
 * validate `--adapter` without importing the protocol layer (issue #13: no
 * config <-> protocol cycle). What each adapter is and does lives in its
 * registry entry (src/protocol/adapter-registry.ts).
 */

/** Closed set of adapter names (exhaustive catalogs key on it). */
export const adapterNames = ['openim', 'raw'] as const;
export type AdapterName = (typeof adapterNames)[number];
