/**
 * `imstress run` flags as commander hands them over: strings, booleans and
 * string lists, every one optional (commander declares no defaults; they come
 * from `run-defaults.ts`). Declared here, not in `src/cli/`, because the
 * config layer parses them and must not import the CLI; `run-flags.ts`
 * re-exports it.
 */
export interface RawRunFlags {
  users?: string;
  userPrefix?: string;
  userOffset?: string;
  duration?: string;
  iterations?: string;
  rampUp?: string;
  think?: string;
  messages?: string;
  messageKind?: string;
  platform?: string;
  overlap?: boolean;
  compression?: string;
  encoding?: string;
  heartbeat?: string;
  handshakeTimeout?: string;
  replyTimeout?: string;
  pushTimeout?: string;
  closeTimeout?: string;
  stallThreshold?: string;
  hangWindow?: string;
  onHang?: string;
  target?: string;
  gatewayMode?: string;
  gatewayArg?: string[];
  adapter?: string;
  metricsUrl?: string;
  gauge?: string;
  pprofUrl?: string;
  evidenceGap?: string;
  drainTimeout?: string;
  token?: string;
  tokenFile?: string;
  apiUrl?: string;
  secret?: string;
  apiConcurrency?: string;
  /** false with `--no-register` */
  register?: boolean;
  threshold?: string[];
  scenario?: string;
  report?: string;
  json?: boolean;
  /** `--html` alone: true (the page goes next to the report); `--html FILE`: the path. Read by the CLI, not part of the run config. */
  html?: string | boolean;
  progress?: string;
  localAddress?: string;
  ca?: string;
  insecure?: boolean;
  verbose?: boolean;
  workers?: string;
  shard?: string;
  openimVersion?: string;
  adminUser?: string;
  /** true with `--msg-resp`, false with `--no-msg-resp` */
  msgResp?: boolean;
  trials?: string;
  untilHang?: boolean;
  betweenTrials?: string;
}

/** The flag a user typed for a key: `rampUp` → `--ramp-up`, `register` → `--no-register`. */
export function flagName(key: keyof RawRunFlags): string {
  if (key === 'register') return '--no-register';
  if (key === 'msgResp') return '--msg-resp';
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
