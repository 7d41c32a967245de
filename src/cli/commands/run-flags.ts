/**
 * Every `imstress run` flag, declared with no commander defaults: a flag
 * that was not given stays undefined, so a scenario file's value is not
 * overridden by a default (precedence: defaults < file < flags). The help
 * text shows the defaults by reading `run-defaults.ts`, the only place they
 * are written.
 */
import type { Command } from 'commander';
import { gatewayModeMeaning, gatewayModes } from '../../gateway/options.js';
import { adapterNames } from '../../protocol/adapter.js';
import { compressions, encodings, messageKinds, onHangModes, progressModes } from '../../config/choices.js';
import { runDefaults as d, secretEnvVar } from '../../config/run-defaults.js';
import { formatMs } from '../../config/values.js';
import { openimVersions } from '../../protocol/openim/versions.js';

export type { RawRunFlags } from '../../config/raw-flags.js';

const def = (value: string | number | boolean | null): string => ` (default: ${value === null ? 'none' : String(value)})`;
const ms = (value: number): string => def(formatMs(value));

/** Declares every run flag on `cmd` (kebab-case, mirroring the scenario keys). */
export function addRunFlags(cmd: Command): Command {
  cmd
    .option('--scenario <file>', 'scenario file (.yaml, .yml, .json); flags override its keys')
    .option('--users <n>', `virtual users, one user ID each${def(d.users)}`)
    .option('--user-prefix <s>', `user ID prefix${def(d.userPrefix)}`)
    .option('--user-offset <n>', `first user ID number${def(d.userOffset)}`)
    .option('--duration <duration>', `run length; with only --iterations, until they are done${ms(d.durationMs)}`)
    .option('--iterations <n>', `iterations per virtual user${def(d.iterations)}`)
    .option('--ramp-up <duration>', `spread the virtual users' starts over this time${ms(d.rampUpMs)}`)
    .option('--think <duration>', `pause between iterations${ms(d.thinkMs)}`)
    .option('--messages <n>', `requests per session (0: connect and close only)${def(d.messages)}`)
    .option('--message-kind <kind>', `${messageKinds.join('|')}: get-newest-seq (1001) or send-message (1003) to another VU${def(d.messageKind)}`)
    .option('--platform <id>', `OpenIM platform ID, 1 IOS … 10 Admin${def(d.platformID)}`)
    .option('--overlap', `connect the next session before closing the previous one (same user and platform: kicks)${def(d.overlap)}`)
    .option('--compression <c>', `${compressions.join('|')}${def(d.compression)}`)
    .option('--encoding <e>', `${encodings.join('|')}: json is the >=3.8.2 sdkType=js envelope${def(d.encoding)}`)
    .option('--heartbeat <duration>', `ping connections idle this long, 0 = off${ms(d.heartbeatMs)}`)
    .option('--handshake-timeout <duration>', `handshake timeout${ms(d.handshakeTimeoutMs)}`)
    .option('--reply-timeout <duration>', `reply timeout${ms(d.replyTimeoutMs)}`)
    .option('--push-timeout <duration>', `push timeout (send-msg)${ms(d.pushTimeoutMs)}`)
    .option('--close-timeout <duration>', `close handshake timeout${ms(d.closeTimeoutMs)}`)
    .option('--stall-threshold <duration>', `a VU waiting longer than this in one phase is stalled${ms(d.stallThresholdMs)}`)
    .option('--hang-window <duration>', `no progress for this long while a VU waits = hang${ms(d.hangWindowMs)}`)
    .option('--on-hang <action>', `${onHangModes.join('|')}${def(d.onHang)}`)
    .option('--target <url>', 'ws:// or wss:// URL of the gateway, or "embedded" (default: the embedded gateway)')
    .option('--gateway-mode <mode>', `embedded gateway mode: ${gatewayModes.map((m) => `${m}: ${gatewayModeMeaning[m]}`).join('; ')}${def(d.gatewayMode)}`)
    .option('--gateway-arg <arg...>', 'extra `imstress gateway` arguments for the embedded gateway (repeatable), e.g. --gateway-arg --status-rpc 1ms')
    .option('--adapter <name>', `${adapterNames.join('|')}${def(d.adapter)}`)
    .option('--metrics-url <url>', `Prometheus text URL with the server's online count${def(d.metricsUrl)}`)
    .option('--gauge <name>', `online-count gauge name${def(d.gaugeName)}`)
    .option('--pprof-url <url>', `a Go target's /debug/pprof/ base, for the goroutine dump on a hang${def(d.pprofUrl)}`)
    .option('--evidence-gap <duration>', `after the hang dump, wait this long and take a second one (stuck vs slow; 0 = none)${ms(d.evidenceGapMs)}`)
    .option('--drain-timeout <duration>', `how long the drain check waits for the online count to return${ms(d.drainTimeoutMs)}`)
    .option('--token <token>', 'one token for every user (URL target)')
    .option('--token-file <file>', 'file of per-user tokens (URL target)')
    .option('--api-url <url>', `OpenIM REST API for tokens (URL target; default: the target's host, port ${d.apiPort})`)
    .option('--secret <secret>', `server secret for the API; with the embedded gateway, its secret (default: $${secretEnvVar}, else ${d.secret})`)
    .option('--api-concurrency <n>', `parallel token requests${def(d.apiConcurrency)}`)
    // --register is declared (hidden) before --no-register so that commander gives `register` no implicit default of true.
    .addOption(cmd.createOption('--register', 'register the users before fetching their tokens').hideHelp())
    .option('--no-register', 'do not register the users before fetching their tokens (default: register)')
    .option('--threshold <expr...>', 'pass/fail rule, repeatable: reply.p99<200ms, errors.rate<1%, iterations.rate>50 (replaces the file\'s list)')
    .option('--report <path>', `JSON report path (default: ${d.reportsDir}/<scenario>-<timestamp>.json)`)
    .option('--json', `print the report on stdout${def(d.json)}`)
    .option('--html [file]', 'also write a self-contained HTML page with charts (default file: the report path with .html)')
    .option('--progress <mode>', `${progressModes.join('|')}: live progress, auto = a TTY${def(d.progress)}`)
    .option('--local-address <ip[,ip…]>', `local source address(es) of the connections${def(d.localAddress)}`)
    .option('--workers <n|auto>', `worker threads to spread the virtual users over; auto: from the CPUs and --users${def(d.workers)}`)
    .option('--shard <I/N>', `run only shard I (from 0) of N: the users whose index ≡ I (mod N); merge the shards' reports with imstress merge${def(d.shard)}`)
    .option('--trials <n>', `run the scenario N times (a fresh embedded gateway each time) and judge them together: hang rate with its 95% interval, time to hang${def(d.trials)}`)
    .option('--until-hang', `stop the trials at the first hang (with no --trials: up to ${d.untilHangTrials} trials)`)
    .option('--between-trials <duration>', `pause between trials, after each trial's drain check${ms(d.betweenTrialsMs)}`)
    .option('--ca <file>', 'wss://: PEM file of the CA that signed the target\'s certificate, trusted besides the system CAs')
    .option('--insecure', `wss://: do not verify the target's certificate (test gateways only)${def(d.insecure)}`)
    .option('--openim-version <v>', `${openimVersions.join('|')}: the OpenIM release line, for the token flow and isMsgResp; auto asks the REST API (get_admin_token, else user_token)${def(d.openimVersion)}`)
    .option('--admin-user <id>', `OpenIM >= 3.8.2 token flow: the imAdminUserID to get an admin token for${def(d.adminUser)}`)
    .option('--msg-resp', 'connect with isMsgResp=true: the handshake answer is a text frame after the 101 (default: on for 3.6+ and for auto when the API is >= 3.8.2, off for 3.5)')
    .option('--no-msg-resp', 'connect without isMsgResp (refusals are HTTP 200 + JSON, as v3.5.1 answers)')
    .option('--verbose', `more detail, stacks on internal errors${def(d.verbose)}`);
  return cmd;
}
