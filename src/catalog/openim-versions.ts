/**
 * OpenIM release lines `--openim-version` accepts, and the admin user's
 * default ID (§14.1). Neutral (imports nothing), so the config validates and
 * defaults them without importing the protocol layer (issue #13).
 */

/** The admin user OpenIM creates at start (share.yml `imAdminUserID`, §14.1): `--admin-user`'s default, and the embedded gateway's. */
export const defaultAdminUser = 'imAdmin';

/** `--openim-version` values: a release line, or `auto` (probe the REST API). */
export const openimVersions = ['3.5', '3.6', '3.7', '3.8.0', '3.8.2', 'auto'] as const;
export type OpenImVersion = (typeof openimVersions)[number];
