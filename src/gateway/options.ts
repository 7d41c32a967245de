/**
 * Embedded gateway options: what a caller may give (`GatewayOptions`) and the
 * resolved, readonly form the gateway runs on (`GatewayConfig`).
 */
import { gatewayDefaults } from '../config/gateway-defaults.js';
import { usageError, type Issue } from '../errors.js';

export { gatewayModes, gatewayModeMeaning, type GatewayMode } from '../catalog/gateway-modes.js';
import { gatewayModes, type GatewayMode } from '../catalog/gateway-modes.js';

/**
 * Which token REST API the gateway serves (§14.1): `v3.5.1` (`/auth/user_token`, secret in the
 * body) or `v3.8.2` (`/auth/get_admin_token`, then the admin token in the `token` header).
 */
export type RestFlavour = 'v3.5.1' | 'v3.8.2';

/** `v3.8` serves the ≥ v3.8.2 routes; `v3.5.1` and `blog-fix` keep the v3.5.1 ones. */
export function restFlavour(mode: GatewayMode): RestFlavour {
  return mode === 'v3.8' ? 'v3.8.2' : 'v3.5.1';
}

/** Resolved configuration: every field present. */
export interface GatewayConfig {
  readonly mode: GatewayMode;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** null: no REST API listener. */
  readonly apiPort: number | null;
  /** null: no metrics listener. */
  readonly metricsPort: number | null;
  readonly secret: string;
  readonly registerChanCap: number;
  readonly unregisterChanCap: number;
  readonly kickChanCap: number;
  readonly multiLoginPolicy: number;
  readonly maxConnNum: number;
  readonly statusRpcMs: number;
  readonly messageRpcBaseMs: number;
  readonly messageRpcPerInFlightMs: number;
  readonly readDeadlineMs: number;
  readonly writeDeadlineMs: number;
  readonly maxMessageSize: number;
  readonly respTypeId: number;
  readonly tokenExpireDays: number;
  readonly managerUserIDs: readonly string[];
  readonly imAdminUserID: string;
  readonly v38StatusChanCap: number;
  readonly v38StatusMergeMs: number;
  readonly v38StatusBatchSize: number;
  readonly v38StatusWorkers: number;
  readonly v38StatusRpcTimeoutMs: number;
  readonly pushMaxAgeMs: number;
  /**
   * Honour `isMsgResp=true` (§1.6, §14.2): upgrade first, then one text frame with the
   * ApiResponse JSON. Default: on in `v3.8` only (the v3.5.1 tag ignores the parameter);
   * on in `v3.5.1` it models the release-v3.5 branch / v3.5.0 tag, which has both the
   * deadlocking loop and isMsgResp.
   */
  readonly msgResp: boolean;
  /** §14.3: v3.8.0+ pings Web clients (platform 5) every 27 s once their reader runs; null: never (v3.5.1, blog-fix). */
  readonly webPingMs: number | null;
  /** Seed of the `select` random source; null = Math.random. */
  readonly seed: number | null;
  /** Log one line per state change of the loop. */
  readonly verbose: boolean;
}

/** Input options: any subset. */
export type GatewayOptions = { -readonly [K in keyof GatewayConfig]?: GatewayConfig[K] };

type NumericKey = {
  [K in keyof GatewayConfig]: GatewayConfig[K] extends number ? K : GatewayConfig[K] extends number | null ? K : never;
}[keyof GatewayConfig];

const numericRules: Readonly<Record<Exclude<NumericKey, 'seed'>, { min: number; max: number; integer: boolean }>> = {
  port: { min: 0, max: 65535, integer: true },
  apiPort: { min: 0, max: 65535, integer: true },
  metricsPort: { min: 0, max: 65535, integer: true },
  registerChanCap: { min: 0, max: 10_000_000, integer: true },
  unregisterChanCap: { min: 0, max: 10_000_000, integer: true },
  kickChanCap: { min: 0, max: 10_000_000, integer: true },
  multiLoginPolicy: { min: 0, max: 5, integer: true },
  maxConnNum: { min: 1, max: 100_000_000, integer: true },
  statusRpcMs: { min: 0, max: 600_000, integer: false },
  messageRpcBaseMs: { min: 0, max: 600_000, integer: false },
  messageRpcPerInFlightMs: { min: 0, max: 600_000, integer: false },
  readDeadlineMs: { min: 1, max: 86_400_000, integer: false },
  writeDeadlineMs: { min: 1, max: 86_400_000, integer: false },
  maxMessageSize: { min: 64, max: 64 * 1024 * 1024, integer: true },
  respTypeId: { min: 65, max: 1_000_000, integer: true },
  tokenExpireDays: { min: 1, max: 36_500, integer: false },
  v38StatusChanCap: { min: 1, max: 10_000_000, integer: true },
  v38StatusMergeMs: { min: 1, max: 600_000, integer: false },
  v38StatusBatchSize: { min: 1, max: 100_000, integer: true },
  v38StatusWorkers: { min: 1, max: 1_000, integer: true },
  v38StatusRpcTimeoutMs: { min: 1, max: 600_000, integer: false },
  pushMaxAgeMs: { min: 0, max: 86_400_000, integer: false },
  webPingMs: { min: 1, max: 86_400_000, integer: false },
};

/**
 * Resolves options against the defaults, listing every problem at once.
 * @param where maps an option key to the name the user typed (a flag), for messages.
 */
export function resolveGatewayConfig(options: GatewayOptions = {}, where: (key: keyof GatewayConfig) => string = (k) => k): GatewayConfig {
  const config: GatewayConfig = {
    mode: options.mode ?? gatewayDefaults.mode,
    host: options.host ?? gatewayDefaults.host,
    port: options.port ?? gatewayDefaults.port,
    apiPort: options.apiPort === undefined ? gatewayDefaults.apiPort : options.apiPort,
    metricsPort: options.metricsPort === undefined ? gatewayDefaults.metricsPort : options.metricsPort,
    secret: options.secret ?? gatewayDefaults.secret,
    registerChanCap: options.registerChanCap ?? gatewayDefaults.registerChanCap,
    unregisterChanCap: options.unregisterChanCap ?? gatewayDefaults.unregisterChanCap,
    kickChanCap: options.kickChanCap ?? gatewayDefaults.kickChanCap,
    multiLoginPolicy: options.multiLoginPolicy ?? gatewayDefaults.multiLoginPolicy,
    maxConnNum: options.maxConnNum ?? gatewayDefaults.maxConnNum,
    statusRpcMs: options.statusRpcMs ?? gatewayDefaults.statusRpcMs,
    messageRpcBaseMs: options.messageRpcBaseMs ?? gatewayDefaults.messageRpcBaseMs,
    messageRpcPerInFlightMs: options.messageRpcPerInFlightMs ?? gatewayDefaults.messageRpcPerInFlightMs,
    readDeadlineMs: options.readDeadlineMs ?? gatewayDefaults.readDeadlineMs,
    writeDeadlineMs: options.writeDeadlineMs ?? gatewayDefaults.writeDeadlineMs,
    maxMessageSize: options.maxMessageSize ?? gatewayDefaults.maxMessageSize,
    respTypeId: options.respTypeId ?? gatewayDefaults.respTypeId,
    tokenExpireDays: options.tokenExpireDays ?? gatewayDefaults.tokenExpireDays,
    managerUserIDs: options.managerUserIDs ?? gatewayDefaults.managerUserIDs,
    imAdminUserID: options.imAdminUserID ?? gatewayDefaults.imAdminUserID,
    v38StatusChanCap: options.v38StatusChanCap ?? gatewayDefaults.v38StatusChanCap,
    v38StatusMergeMs: options.v38StatusMergeMs ?? gatewayDefaults.v38StatusMergeMs,
    v38StatusBatchSize: options.v38StatusBatchSize ?? gatewayDefaults.v38StatusBatchSize,
    v38StatusWorkers: options.v38StatusWorkers ?? gatewayDefaults.v38StatusWorkers,
    v38StatusRpcTimeoutMs: options.v38StatusRpcTimeoutMs ?? gatewayDefaults.v38StatusRpcTimeoutMs,
    pushMaxAgeMs: options.pushMaxAgeMs ?? gatewayDefaults.pushMaxAgeMs,
    msgResp: options.msgResp ?? (options.mode ?? gatewayDefaults.mode) === 'v3.8',
    webPingMs:
      options.webPingMs === undefined
        ? (options.mode ?? gatewayDefaults.mode) === 'v3.8'
          ? gatewayDefaults.webPingMs
          : null
        : options.webPingMs,
    seed: options.seed ?? null,
    verbose: options.verbose ?? false,
  };
  const issues: Issue[] = [];
  if (!(gatewayModes as readonly string[]).includes(config.mode)) {
    issues.push({ where: where('mode'), message: `unknown mode "${config.mode}"; expected one of ${gatewayModes.join(', ')}` });
  }
  for (const [key, rule] of Object.entries(numericRules) as [
    Exclude<NumericKey, 'seed'>,
    (typeof numericRules)[Exclude<NumericKey, 'seed'>],
  ][]) {
    const value = config[key];
    if (value === null) continue;
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < rule.min ||
      value > rule.max ||
      (rule.integer && !Number.isInteger(value))
    ) {
      issues.push({
        where: where(key),
        message: `got ${JSON.stringify(value)}; expected ${rule.integer ? 'an integer' : 'a number'} from ${rule.min} to ${rule.max}`,
      });
    }
  }
  if (config.seed !== null && !Number.isSafeInteger(config.seed)) {
    issues.push({ where: where('seed'), message: `got ${JSON.stringify(config.seed)}; expected an integer` });
  }
  if (config.secret.length === 0) issues.push({ where: where('secret'), message: 'expected a non-empty secret' });
  if (config.host.length === 0) issues.push({ where: where('host'), message: 'expected an address to bind to' });
  if (issues.length > 0) throw usageError(issues);
  return Object.freeze(config);
}
