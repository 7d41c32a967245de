/**
 * Defaults of `imstress run` — the only place they are written. Flags' help
 * text and `scenarios/README.md` show these values; `resolveRunConfig` fills
 * every field nobody set from here. Values that mirror OpenIM cite
 * `openim-protocol.md`.
 */
import type { GatewayMode } from '../catalog/gateway-modes.js';
import type { AdapterName } from '../catalog/adapters.js';
import { defaultAdminUser, type OpenImVersion } from '../catalog/openim-versions.js';
import { gatewayDefaults } from './gateway-defaults.js';

export const runDefaults = {
  /** virtual users (user IDs `<userPrefix><userOffset + i>`) */
  users: 100,
  userPrefix: 'imstress_u',
  userOffset: 0,
  /** run length; when only iterations are set, the run lasts until they are done */
  durationMs: 60_000,
  iterations: null,
  rampUpMs: 0,
  thinkMs: 0,
  /** requests per session */
  messages: 1,
  messageKind: 'get-seq',
  /** §6.1: 1 = IOS (what the write-up's churn loop used, §13) */
  platformID: 1,
  overlap: false,
  /** §1.2: the SDK always sends `compression=gzip` */
  compression: 'gzip',
  encoding: 'gob',
  /** under the server's 30 s read deadline (§5) */
  heartbeatMs: 25_000,
  handshakeTimeoutMs: 10_000,
  /** the SDK's reply timeout */
  replyTimeoutMs: 5_000,
  pushTimeoutMs: 5_000,
  closeTimeoutMs: 5_000,
  stallThresholdMs: 2_000,
  hangWindowMs: 10_000,
  onHang: 'abort',
  metricsUrl: null,
  /** OpenIM's online-user gauge (§9) */
  gaugeName: 'online_user_num',
  pprofUrl: null,
  /** long enough for a slow goroutine to move on, short enough not to delay the report much (issue #16) */
  evidenceGapMs: 2_000,
  drainTimeoutMs: 10_000,
  adapter: 'openim',
  /** with no --target: the embedded gateway in the deadlocking mode, no extra args */
  gatewayMode: 'v3.5.1',
  gatewayArgs: [],
  /** API token fetching (a URL target, or --api-url) */
  apiConcurrency: 16,
  register: true,
  /** §9: OpenIM's default secret, as the embedded gateway's */
  secret: gatewayDefaults.secret,
  /** §9: a URL target with no token source gets its tokens from the REST API on this port of the same host */
  apiPort: 10002,
  progress: 'auto',
  /** null: `<reportsDir>/<scenario>-<timestamp>.json` */
  reportPath: null,
  /** created when missing */
  reportsDir: 'reports',
  json: false,
  localAddress: null,
  /** wss:// verifies against the system CAs; `--ca` adds one, `--insecure` turns verification off */
  caFile: null,
  insecure: false,
  verbose: false,
  /** one worker: the VUs run in the CLI's own thread (fastest for small runs, see README "Scale") */
  workers: 1,
  /** the whole user pool */
  shard: null,
  /** §14: probe the REST API for the token flow (get_admin_token, falling back to user_token on 404) */
  openimVersion: 'auto',
  /** §14.1: share.yml `imAdminUserID` default */
  adminUser: defaultAdminUser,
  /** null: by release (see `defaultMsgResp`) */
  msgResp: null,
  /** one run; `--trials N` repeats it (src/trials/) */
  trials: 1,
  /** `--until-hang` with no `--trials`: at most this many trials */
  untilHangTrials: 100,
  untilHang: false,
  betweenTrialsMs: 0,
  /** report name when no scenario file is given */
  scenarioName: 'run',
} as const satisfies {
  readonly messageKind: 'get-seq' | 'send-msg';
  readonly compression: 'gzip' | 'none';
  readonly encoding: 'gob' | 'json';
  readonly onHang: 'abort' | 'continue';
  readonly adapter: AdapterName;
  readonly gatewayMode: GatewayMode;
  readonly progress: 'auto' | 'tty' | 'plain' | 'off';
  readonly openimVersion: OpenImVersion;
  readonly msgResp: boolean | null;
  readonly [key: string]: unknown;
};

/** Environment variable read for the API secret when neither a flag nor the scenario file gives one. */
export const secretEnvVar = 'IMSTRESS_SECRET';
