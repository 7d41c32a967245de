/**
 * Every `imstress run` setting, once: flag, scenario key, grammar (with its
 * range), default, help text, redaction and whether it differs per machine.
 * Commander's options, the scenario schema, the `IMSTRESS_*` variables, the
 * layering and resolution, `merge`'s per-machine keys and the flag reference
 * (docs/run-flags.md, scenarios/README.md) are all derived from this table,
 * and the resolved config's field types come from its rows.
 *
 * Adding a setting: add a row here and use `config.<key>` where it acts. A
 * row with `part` feeds a composite field (`target`, `tokens`) instead.
 * Defaults are written only here (values that mirror OpenIM cite
 * `openim-protocol.md`); ranges are bounds, not defaults.
 */
import { gatewayModeMeaning, gatewayModes } from '../catalog/gateway-modes.js';
import { adapterNames } from '../catalog/adapters.js';
import { defaultAdminUser, openimVersions } from '../catalog/openim-versions.js';
import { compressions, encodings, messageKinds, onHangModes, progressModes } from './choices.js';
import { gatewayDefaults } from './gateway-defaults.js';
import { boolean, choice, custom, duration, httpUrl, integer, list, textOf, word } from './grammar.js';
import type { Threshold } from './run-config.js';
import { setting, type AnySetting, type ConfigValueOf, type RawFlagsOf, type ScenarioOf, type ValueOf } from './setting.js';
import { parseThreshold } from './thresholds.js';
import * as v from './values.js';

const hour = 3_600_000;
const minute = 60_000;
const timeout = { min: 1, max: hour };

/** Run constants that are not settings of their own. */
export const runConstants = {
  /** `--until-hang` with no `--trials`: at most this many trials */
  untilHangTrials: 100,
  /** §9: a URL target with no token source gets its tokens from the REST API on this port of the same host */
  apiPort: 10002,
  /** created when missing */
  reportsDir: 'reports',
  /** report name when no scenario file is given */
  scenarioName: 'run',
  /**
   * The longest `--user-prefix`: user IDs travel in every handshake URL, token
   * request and report, and real ones are short; a 10 MB prefix used to start a
   * run and fail as "token API unreachable" (issue #17.7).
   */
  userPrefixMaxLength: 64,
} as const;

const thresholdItem = (raw: unknown): v.Parsed<Threshold> => {
  if (typeof raw !== 'string') return { ok: false, message: `got ${v.show(raw)}; expected a threshold such as reply.p99<200ms` };
  const r = parseThreshold(raw);
  return r.ok ? { ok: true, value: r.threshold } : r;
};

/** The table. Row order is the order of `--help` within a group, of the scenario keys and of the reference. */
export const runSettings = {
  users: setting({
    flag: '--users <n>',
    key: 'users',
    grammar: integer({ min: 1, max: 1_000_000 }),
    default: 100,
    group: 'Load',
    help: 'virtual users, one user ID each',
    docs: 'virtual users, 1–1000000; each owns one user ID',
  }),
  userPrefix: setting({
    flag: '--user-prefix <s>',
    key: 'userPrefix',
    grammar: word('a user ID prefix', runConstants.userPrefixMaxLength),
    default: 'imstress_u',
    group: 'Load',
    help: 'user ID prefix',
    docs: 'user IDs are `<userPrefix><userOffset + i>`',
  }),
  userOffset: setting({
    flag: '--user-offset <n>',
    key: 'userOffset',
    grammar: integer({ min: 0, max: 1_000_000_000_000 }),
    default: 0,
    group: 'Load',
    help: 'first user ID number',
    docs: 'number of the first user ID',
  }),
  /** a run of up to a week; with only iterations, until they are done (see resolve.ts) */
  durationMs: setting({
    flag: '--duration <duration>',
    key: 'duration',
    grammar: duration({ min: 1, max: 168 * hour }),
    default: 60_000,
    group: 'Load',
    help: 'run length; with only --iterations, until they are done',
    docs: 'run length. With `iterations` set and no `duration`, the run lasts until the iterations are done; with both, whichever comes first',
  }),
  iterations: setting({
    flag: '--iterations <n>',
    key: 'iterations',
    grammar: integer({ min: 1, max: 1_000_000_000 }),
    default: null,
    group: 'Load',
    help: 'iterations per virtual user',
  }),
  rampUpMs: setting({
    flag: '--ramp-up <duration>',
    key: 'rampUp',
    grammar: duration({ min: 0, max: 24 * hour }),
    default: 0,
    group: 'Load',
    help: "spread the virtual users' starts over this time",
    docs: "spread the virtual users' starts over this time (at most `duration`)",
  }),
  thinkMs: setting({
    flag: '--think <duration>',
    key: 'think',
    grammar: duration({ min: 0, max: hour }),
    default: 0,
    group: 'Load',
    help: 'pause between iterations',
  }),
  /** requests per session; 0: connect and close only */
  messages: setting({
    flag: '--messages <n>',
    key: 'messages',
    grammar: integer({ min: 0, max: 10_000 }),
    default: 1,
    group: 'Load',
    help: 'requests per session (0: connect and close only)',
    docs: 'requests per session, 0–10000 (0: connect and close only)',
  }),
  messageKind: setting({
    flag: '--message-kind <kind>',
    key: 'messageKind',
    grammar: choice(messageKinds),
    default: 'get-seq',
    group: 'Load',
    help: `${messageKinds.join('|')}: get-newest-seq (1001) or send-message (1003) to another VU`,
    docs: '`get-seq` (get-newest-seq, 1001) or `send-msg` (send-message 1003 to another virtual user, who receives a push); `send-msg` needs the `openim` adapter',
  }),
  /** §6.1: 1 = IOS (what the write-up's churn loop used, §13); IDs 1 (IOS) … 10 (Admin) */
  platformID: setting({
    flag: '--platform <id>',
    key: 'platform',
    grammar: integer({ min: 1, max: 10 }),
    default: 1,
    group: 'OpenIM',
    help: 'OpenIM platform ID, 1 IOS … 10 Admin',
    docs: 'OpenIM platform ID, 1 (IOS) … 10 (Admin)',
  }),
  overlap: setting({
    flag: '--overlap',
    key: 'overlap',
    grammar: boolean,
    default: false,
    group: 'Load',
    help: 'connect the next session before closing the previous one (same user and platform: kicks)',
    docs: 'connect the next session before closing the previous one (same user and platform: the multi-terminal kick). Needs `messages` ≥ 1',
  }),
  /** §1.2: the SDK always sends `compression=gzip` */
  compression: setting({
    flag: '--compression <c>',
    key: 'compression',
    grammar: choice(compressions),
    default: 'gzip',
    group: 'OpenIM',
    help: compressions.join('|'),
    docs: '`gzip` (the SDK always sends it) or `none`',
  }),
  /** `json`: the ≥3.8.2 `sdkType=js` envelope (§2.7) */
  encoding: setting({
    flag: '--encoding <e>',
    key: 'encoding',
    grammar: choice(encodings),
    default: 'gob',
    group: 'OpenIM',
    help: `${encodings.join('|')}: json is the >=3.8.2 sdkType=js envelope`,
    docs: '`gob`, or `json` (the ≥ 3.8.2 `sdkType=js` envelope)',
  }),
  /** under the server's 30 s read deadline (§5); 0 = no heartbeat */
  heartbeatMs: setting({
    flag: '--heartbeat <duration>',
    key: 'heartbeat',
    grammar: duration({ min: 0, max: hour }),
    default: 25_000,
    group: 'Load',
    help: 'ping connections idle this long, 0 = off',
    docs: 'ping connections idle this long; `0` = off (the server drops a connection after 30 s without a frame)',
  }),
  handshakeTimeoutMs: setting({
    flag: '--handshake-timeout <duration>',
    key: 'timeouts.handshake',
    grammar: duration(timeout),
    default: 10_000,
    group: 'Hang detection',
    help: 'handshake timeout',
  }),
  /** the SDK's reply timeout */
  replyTimeoutMs: setting({
    flag: '--reply-timeout <duration>',
    key: 'timeouts.reply',
    grammar: duration(timeout),
    default: 5_000,
    group: 'Hang detection',
    help: 'reply timeout',
    docs: "reply timeout (the SDK's)",
  }),
  pushTimeoutMs: setting({
    flag: '--push-timeout <duration>',
    key: 'timeouts.push',
    grammar: duration(timeout),
    default: 5_000,
    group: 'Hang detection',
    help: 'push timeout (send-msg)',
  }),
  closeTimeoutMs: setting({
    flag: '--close-timeout <duration>',
    key: 'timeouts.close',
    grammar: duration(timeout),
    default: 5_000,
    group: 'Hang detection',
    help: 'close handshake timeout',
  }),
  stallThresholdMs: setting({
    flag: '--stall-threshold <duration>',
    key: 'stallThreshold',
    grammar: duration(timeout),
    default: 2_000,
    group: 'Hang detection',
    help: 'a VU waiting longer than this in one phase is stalled',
    docs: 'a virtual user waiting longer than this in one phase is stalled; must be below `hangWindow`',
  }),
  hangWindowMs: setting({
    flag: '--hang-window <duration>',
    key: 'hangWindow',
    grammar: duration({ min: 1, max: 24 * hour }),
    default: 10_000,
    group: 'Hang detection',
    help: 'no progress for this long while a VU waits = hang',
    docs: 'no progress for this long while a virtual user waits is a hang',
  }),
  onHang: setting({
    flag: '--on-hang <action>',
    key: 'onHang',
    grammar: choice(onHangModes),
    default: 'abort',
    group: 'Hang detection',
    help: onHangModes.join('|'),
    docs: '`abort` (stop and write the report) or `continue` (see whether the target recovers)',
  }),
  target: setting({
    flag: '--target <url>',
    key: 'target',
    grammar: custom('ws(s):// URL or embedded', v.parseTarget),
    default: null,
    part: 'target',
    redact: 'url',
    group: 'Target',
    help: 'ws:// or wss:// URL of the gateway, or "embedded"',
    defaultText: 'the embedded gateway',
    docs: 'a `ws://` or `wss://` URL of the gateway, or `embedded`. Without a URL, imstress starts the embedded reference gateway in a child process',
  }),
  gatewayMode: setting({
    flag: '--gateway-mode <mode>',
    key: 'gateway.mode',
    grammar: choice(gatewayModes),
    default: 'v3.5.1',
    part: 'target',
    group: 'Target',
    help: `embedded gateway mode: ${gatewayModes.map((m) => `${m}: ${gatewayModeMeaning[m]}`).join('; ')}`,
    docs: 'embedded gateway mode: `v3.5.1` (deadlocks under churn), `blog-fix`, `v3.8`. Embedded target only',
  }),
  gatewayArgs: setting({
    flag: '--gateway-arg <arg...>',
    key: 'gateway.args',
    grammar: list('arguments', (raw) => v.parseText(raw, 'an `imstress gateway` argument'), 'space'),
    default: [],
    part: 'target',
    redact: 'args',
    group: 'Target',
    help: 'extra `imstress gateway` arguments for the embedded gateway (repeatable), e.g. --gateway-arg --status-rpc 1ms',
    defaultText: '',
    docs: "extra `imstress gateway` arguments, e.g. `['--status-rpc', '2ms']`. Embedded target only",
  }),
  adapter: setting({
    flag: '--adapter <name>',
    key: 'adapter',
    grammar: choice(adapterNames),
    default: 'openim',
    group: 'Target',
    help: adapterNames.join('|'),
    docs: '`openim`, or `raw` for an echo-style WebSocket gateway (needs a URL `target`)',
  }),
  metricsUrl: setting({
    flag: '--metrics-url <url>',
    key: 'metricsUrl',
    grammar: httpUrl('a Prometheus metrics URL'),
    default: null,
    redact: 'url',
    group: 'Target',
    help: "Prometheus text URL with the server's online count",
    docs: "`http(s)://` Prometheus text URL with the server's online count (the embedded gateway's own is used without it)",
  }),
  /** OpenIM's online-user gauge (§9) */
  gaugeName: setting({
    flag: '--gauge <name>',
    key: 'gauge',
    grammar: word('a gauge name'),
    default: 'online_user_num',
    group: 'Target',
    help: 'online-count gauge name',
    docs: 'name of the online-count gauge',
  }),
  pprofUrl: setting({
    flag: '--pprof-url <url>',
    key: 'pprofUrl',
    grammar: httpUrl("a Go target's /debug/pprof/ URL"),
    default: null,
    redact: 'url',
    group: 'Target',
    help: "a Go target's /debug/pprof/ base, for the goroutine dump on a hang",
    docs: "`http(s)://` base of a Go target's `/debug/pprof/`, for the goroutine dump on a hang",
  }),
  /** long enough for a slow goroutine to move on, short enough not to delay the report much (issue #16); the second dump delays the end of a hung run by this much */
  evidenceGapMs: setting({
    flag: '--evidence-gap <duration>',
    key: 'evidenceGap',
    grammar: duration({ min: 0, max: minute }),
    default: 2_000,
    group: 'Hang detection',
    help: 'after the hang dump, wait this long and take a second one (stuck vs slow; 0 = none)',
    docs: "after the hang's dump, wait this long and take a second one: goroutines blocked at the same place in both are stuck, not slow (`0`: one dump)",
  }),
  drainTimeoutMs: setting({
    flag: '--drain-timeout <duration>',
    key: 'drainTimeout',
    grammar: duration({ min: 0, max: hour }),
    default: 10_000,
    group: 'Hang detection',
    help: 'how long the drain check waits for the online count to return',
  }),
  token: setting({
    flag: '--token <token>',
    key: 'tokens.token',
    grammar: textOf('a token'),
    default: null,
    part: 'tokens',
    redact: 'secret',
    perMachine: true,
    group: 'OpenIM',
    help: 'one token for every user (URL target)',
    defaultText: '',
    docs: 'one token for every user. URL target only',
  }),
  tokenFile: setting({
    flag: '--token-file <file>',
    key: 'tokens.file',
    grammar: textOf('a path to a token file'),
    default: null,
    part: 'tokens',
    perMachine: true,
    group: 'OpenIM',
    help: 'file of per-user tokens (URL target)',
    defaultText: '',
    docs: 'a file of per-user tokens (`userID token` lines, or a JSON object `{userID: token}`). URL target only',
  }),
  apiUrl: setting({
    flag: '--api-url <url>',
    key: 'tokens.api.url',
    grammar: httpUrl('the OpenIM REST API URL'),
    default: null,
    part: 'tokens',
    redact: 'url',
    perMachine: true,
    required: true,
    group: 'OpenIM',
    help: 'OpenIM REST API for tokens (URL target)',
    defaultText: `the target's host, port ${runConstants.apiPort}`,
    docs: 'OpenIM REST API (`http(s)://`) that registers users and issues tokens. URL target only',
  }),
  /** §9: OpenIM's default secret, as the embedded gateway's */
  secret: setting({
    flag: '--secret <secret>',
    key: 'tokens.api.secret',
    grammar: textOf('the server secret'),
    default: gatewayDefaults.secret,
    part: 'tokens',
    redact: 'secret',
    perMachine: true,
    group: 'OpenIM',
    help: 'server secret for the API; with the embedded gateway, its secret',
    defaultText: `$IMSTRESS_SECRET, else ${gatewayDefaults.secret}`,
    docs: "the server's secret, sent to `/auth/user_token`",
  }),
  apiConcurrency: setting({
    flag: '--api-concurrency <n>',
    key: 'tokens.api.concurrency',
    grammar: integer({ min: 1, max: 10_000 }),
    default: 16,
    part: 'tokens',
    perMachine: true,
    group: 'OpenIM',
    help: 'parallel token requests',
  }),
  register: setting({
    flag: '--no-register',
    key: 'tokens.api.register',
    grammar: boolean,
    default: true,
    part: 'tokens',
    perMachine: true,
    group: 'OpenIM',
    help: 'do not register the users before fetching their tokens',
    defaultText: 'register',
    docs: 'register the users (`/user/user_register`) before fetching their tokens',
  }),
  thresholds: setting({
    flag: '--threshold <expr...>',
    key: 'thresholds',
    grammar: list('thresholds', thresholdItem, 'comma'),
    default: [],
    group: 'Output',
    help: "pass/fail rule, repeatable: reply.p99<200ms, errors.rate<1%, iterations.rate>50 (replaces the file's list)",
    defaultText: '',
    docs: 'pass/fail rules (exit 4 when one is breached)',
  }),
  reportPath: setting({
    compared: false,
    flag: '--report <path>',
    key: 'report',
    grammar: textOf('a report file path'),
    default: null,
    perMachine: true,
    group: 'Output',
    help: 'JSON report path',
    defaultText: `${runConstants.reportsDir}/<scenario>-<timestamp>.json`,
    docs: 'JSON report path; its directory must exist and be writable (checked before the run). The default `reports/` is created when missing',
  }),
  json: setting({
    compared: false,
    flag: '--json',
    key: null,
    grammar: boolean,
    default: false,
    perMachine: true,
    group: 'Output',
    help: 'print the report on stdout',
  }),
  /** k6's --no-summary: a CI job that reads the report (or --json) does not need the table in its log */
  summary: setting({
    compared: false,
    flag: '--no-summary',
    key: null,
    grammar: boolean,
    default: true,
    perMachine: true,
    group: 'Output',
    defaultText: 'printed',
    help: 'do not print the end-of-run summary on stderr (the report is still written; the exit code still gives the verdict)',
  }),
  progress: setting({
    compared: false,
    flag: '--progress <mode>',
    key: 'progress',
    grammar: choice(progressModes),
    default: 'auto',
    perMachine: true,
    group: 'Output',
    help: `${progressModes.join('|')}: live progress, auto = a TTY`,
    docs: '`auto` (a bar on a TTY, plain lines otherwise), `tty`, `plain`, `off`',
  }),
  localAddress: setting({
    flag: '--local-address <ip[,ip…]>',
    key: 'localAddress',
    grammar: custom('IP address(es), comma-separated', v.parseLocalAddress),
    default: null,
    perMachine: true,
    group: 'Load',
    help: 'local source address(es) of the connections',
    docs: 'local source IP address, or several separated by commas, for the connections',
  }),
  /** wss:// verifies against the system CAs; `--ca` adds one, `--insecure` turns verification off */
  caFile: setting({
    flag: '--ca <file>',
    key: 'ca',
    grammar: textOf('a PEM file of CA certificates'),
    default: null,
    group: 'Target',
    help: "wss://: PEM file of the CA that signed the target's certificate, trusted besides the system CAs",
    defaultText: '',
    docs: "`wss://` only: a PEM file of the CA that signed the gateway's certificate, trusted besides Node's bundled CAs; read before the run (a missing file or one with no certificate is an error)",
  }),
  insecure: setting({
    flag: '--insecure',
    key: 'insecure',
    grammar: boolean,
    default: false,
    group: 'Target',
    help: "wss://: do not verify the target's certificate (test gateways only)",
    docs: "`wss://` only: do not verify the gateway's certificate (test gateways; imstress says so on stderr). Not with `ca`",
  }),
  verbose: setting({
    compared: false,
    flag: '--verbose',
    key: null,
    grammar: boolean,
    default: false,
    perMachine: true,
    group: 'Output',
    help: 'more detail, stacks on internal errors',
  }),
  /** one worker: the VUs run in the CLI's own thread (fastest for small runs, see docs/scale.md) */
  workers: setting({
    flag: '--workers <n|auto>',
    key: 'workers',
    grammar: custom('integer 1–256, or auto', (raw) => v.parseWorkers(typeof raw === 'number' ? String(raw) : raw, { min: 1, max: 256 })),
    default: 1,
    perMachine: true,
    group: 'Load',
    help: 'worker threads to spread the virtual users over; auto: from the CPUs and --users',
    docs: 'worker threads the virtual users are spread over, 1–256, or `auto` (see docs/scale.md)',
  }),
  /** null: the whole user pool */
  shard: setting({
    flag: '--shard <I/N>',
    key: 'shard',
    grammar: custom('I/N, N ≤ 100000', (raw) => v.parseShard(raw, { min: 1, max: 100_000 })),
    default: null,
    perMachine: true,
    group: 'Load',
    help: "run only shard I (from 0) of N: the users whose index ≡ I (mod N); merge the shards' reports with imstress merge",
    docs: '`I/N`: run only the users whose index ≡ I (mod N), I from 0; one shard per machine, reports merged with `imstress merge`',
  }),
  /** §14: probe the REST API for the token flow (get_admin_token, falling back to user_token on 404) */
  openimVersion: setting({
    flag: '--openim-version <v>',
    key: 'openimVersion',
    grammar: choice(openimVersions),
    default: 'auto',
    group: 'OpenIM',
    help: `${openimVersions.join('|')}: the OpenIM release line, for the token flow and isMsgResp; auto asks the REST API (get_admin_token, else user_token)`,
    docs: 'OpenIM release line: `3.5`, `3.6`, `3.7`, `3.8.0`, `3.8.2` or `auto` (ask the REST API: `get_admin_token`, else `user_token`). Picks the token flow and the `isMsgResp` default; see [docs/openim-versions.md](../docs/openim-versions.md)',
  }),
  /** §14.1: share.yml `imAdminUserID` default */
  adminUser: setting({
    flag: '--admin-user <id>',
    key: 'adminUser',
    grammar: word('an OpenIM admin user ID'),
    default: defaultAdminUser,
    group: 'OpenIM',
    help: 'OpenIM >= 3.8.2 token flow: the imAdminUserID to get an admin token for',
    docs: 'OpenIM ≥ 3.8.2 token flow: the `imAdminUserID` an admin token is asked for',
  }),
  /** null: by release (see `defaultMsgResp`) */
  msgResp: setting({
    flag: '--msg-resp',
    key: 'msgResp',
    grammar: boolean,
    default: null,
    group: 'OpenIM',
    defaultText: 'on for 3.6+ and for auto when the API is >= 3.8.2, off for 3.5',
    help: 'connect with isMsgResp=true: the handshake answer is a text frame after the 101',
    negation: 'connect without isMsgResp (refusals are HTTP 200 + JSON, as v3.5.1 answers)',
    docs: 'connect with `isMsgResp=true` (the handshake answer is a text frame after the 101): on for 3.6+, off for 3.5, for `auto` on when the API is ≥ 3.8.2',
  }),
  /** one run; `--trials N` repeats it (src/trials/) */
  trials: setting({
    compared: false,
    flag: '--trials <n>',
    key: 'trials',
    grammar: integer({ min: 1, max: 10_000 }),
    default: 1,
    group: 'Load',
    help: 'run the scenario N times (a fresh embedded gateway each time) and judge them together: hang rate with its 95% interval, time to hang',
    docs: 'run the scenario N times (1–10000; a fresh embedded gateway each time) and judge them together: hang rate with its 95% interval, time to hang (see [docs/trials.md](../docs/trials.md))',
  }),
  untilHang: setting({
    compared: false,
    flag: '--until-hang',
    key: 'untilHang',
    grammar: boolean,
    default: false,
    group: 'Load',
    defaultText: '',
    help: `stop the trials at the first hang (with no --trials: up to ${runConstants.untilHangTrials} trials)`,
    docs: `stop the trials at the first hang; with no \`trials\`, up to ${runConstants.untilHangTrials} trials`,
  }),
  betweenTrialsMs: setting({
    compared: false,
    flag: '--between-trials <duration>',
    key: 'betweenTrials',
    grammar: duration({ min: 0, max: hour }),
    default: 0,
    group: 'Load',
    help: "pause between trials, after each trial's drain check",
    docs: "pause between trials, after each trial's drain check (needs `trials` ≥ 2)",
  }),
} as const;

/** The run table's type: what the derived types below read. */
export type RunTable = typeof runSettings;
export type RunSettingKey = keyof RunTable;

/** Every row with its key, in table order. */
export const runRows: ReadonlyArray<readonly [RunSettingKey, AnySetting]> = Object.entries(runSettings) as Array<
  [RunSettingKey, AnySetting]
>;

/** A parsed value of each setting, as the layers hold it. */
export type RunSettingValues = { readonly [K in RunSettingKey]: ValueOf<RunTable[K]> };

/** The rows that are fields of the resolved config as they are (no `part`). */
type DirectKey = { [K in RunSettingKey]: [Exclude<RunTable[K]['part'], undefined>] extends [never] ? K : never }[RunSettingKey];
/** Those fields, typed from their rows. */
export type DirectRunConfig = { readonly [K in DirectKey]: ConfigValueOf<RunTable[K]> };

/** `imstress run`'s options that are not run settings: which file is the scenario layer, and an output of this invocation. */
export const runInvocationFlags = [
  { flag: '--scenario <file>', attr: 'scenario', group: 'Load', help: 'scenario file (.yaml, .yml, .json); flags override its keys' },
  {
    flag: '--html [file]',
    attr: 'html',
    group: 'Output',
    help: 'also write a self-contained HTML page with charts (default file: the report path with .html)',
  },
] as const;

/**
 * `imstress run` flags as commander hands them over: strings, booleans and
 * string lists, every one optional (commander declares no defaults; they come
 * from the table).
 */
export type RawRunFlags = RawFlagsOf<RunTable> & {
  scenario?: string;
  /** `--html` alone: true (the page goes next to the report); `--html FILE`: the path. Read by the CLI, not part of the run config. */
  html?: string | boolean;
};

/** A validated scenario file: nested as the table's dotted keys, durations in ms, thresholds parsed; absent keys are absent. */
export type ScenarioFile = ScenarioOf<RunTable>;

/** The resolved config's fields that `merge` does not compare across machines (a `part` row marks its composite). */
export const perMachineKeys: readonly string[] = [
  ...new Set(runRows.filter(([, r]) => r.perMachine === true).map(([k, r]) => r.part ?? k)),
];

/** The resolved config's fields `compare` does not list as changes between two reports (rows with `compared: false`). */
export const presentationKeys: readonly string[] = runRows.filter(([, r]) => r.compared === false).map(([k]) => k);
