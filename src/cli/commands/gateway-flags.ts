/**
 * Every `imstress gateway` flag, once: flag, grammar (with its range),
 * default and help. Commander's options, the parsing into `GatewayOptions`
 * and the flag reference (docs/run-flags.md) are derived from it. Defaults
 * are `gatewayDefaults`' (the only place they are written); a flag that was
 * not given leaves the option unset, and the gateway applies the default.
 */
import type { Command } from 'commander';
import { gatewayDefaults as d } from '../../config/gateway-defaults.js';
import { boolean } from '../../config/grammar.js';
import { attrOf, helpLine, longFlag, type AnyFlagRow, type FlagRow, type RawFlagsOf } from '../../config/setting.js';
import { formatMs } from '../../config/values.js';
import { gatewayModeMeaning, gatewayModes, type GatewayOptions } from '../../gateway/options.js';
import { flagChoice, flagDuration, flagInt, flagPort, flagText } from '../parse.js';
import type { RawKind } from '../../config/grammar.js';

/** A gateway row: its key is the `GatewayOptions` field it sets, so the grammar's type is checked against that field's. */
const row = <
  K extends keyof GatewayOptions,
  X extends Exclude<GatewayOptions[K], undefined>,
  const R extends RawKind,
  const F extends `--${string}`,
>(
  _key: K,
  r: FlagRow<X, R, F, X | null>,
): FlagRow<X, R, F, X | null> => r;

/** The table: one row per `imstress gateway` setting, keyed by the `GatewayOptions` field it sets. */
export const gatewaySettings = {
  mode: row('mode', {
    flag: '--mode <mode>',
    grammar: flagChoice(gatewayModes),
    default: d.mode,
    help: gatewayModes.map((m) => `${m}: ${gatewayModeMeaning[m]}`).join('; '),
  }),
  host: row('host', { flag: '--host <address>', grammar: flagText, default: d.host, help: 'address to bind every port to' }),
  port: row('port', { flag: '--port <n>', grammar: flagInt(0, 65535), default: d.port, help: 'WebSocket port (0 = any free port)' }),
  apiPort: row('apiPort', {
    flag: '--api-port <n|off>',
    grammar: flagPort(true),
    default: d.apiPort,
    help: 'REST API port for tokens and online status',
  }),
  metricsPort: row('metricsPort', {
    flag: '--metrics-port <n|off>',
    grammar: flagPort(true),
    default: d.metricsPort,
    help: 'Prometheus metrics, /stats and /debug/tasks',
  }),
  secret: row('secret', { flag: '--secret <s>', grammar: flagText, default: d.secret, help: 'token secret (config `secret`)' }),
  registerChanCap: row('registerChanCap', {
    flag: '--register-cap <n>',
    grammar: flagInt(0, 10_000_000),
    default: d.registerChanCap,
    help: 'registerChan capacity',
  }),
  unregisterChanCap: row('unregisterChanCap', {
    flag: '--unregister-cap <n>',
    grammar: flagInt(0, 10_000_000),
    default: d.unregisterChanCap,
    help: 'unregisterChan capacity',
  }),
  multiLoginPolicy: row('multiLoginPolicy', {
    flag: '--policy <n>',
    grammar: flagInt(0, 5),
    default: d.multiLoginPolicy,
    help: 'multiLoginPolicy (0 no kick, 1 same-platform kick, 5 PC and other)',
  }),
  statusRpcMs: row('statusRpcMs', {
    flag: '--status-rpc <duration>',
    grammar: flagDuration(0, 600_000),
    default: d.statusRpcMs,
    help: 'cost of the SetUserStatus RPC on register and unregister',
  }),
  messageRpcBaseMs: row('messageRpcBaseMs', {
    flag: '--msg-rpc <duration>',
    grammar: flagDuration(0, 600_000),
    default: d.messageRpcBaseMs,
    help: 'base latency of the message RPC',
  }),
  messageRpcPerInFlightMs: row('messageRpcPerInFlightMs', {
    flag: '--msg-rpc-per-call <duration>',
    grammar: flagDuration(0, 600_000),
    default: d.messageRpcPerInFlightMs,
    help: 'extra message-RPC latency per call in flight',
  }),
  readDeadlineMs: row('readDeadlineMs', {
    flag: '--read-deadline <duration>',
    grammar: flagDuration(1, 86_400_000),
    default: d.readDeadlineMs,
    help: 'read deadline (pongWait)',
  }),
  seed: row('seed', {
    flag: '--seed <n>',
    grammar: flagInt(0, 2 ** 32 - 1),
    default: null,
    defaultText: 'unseeded',
    help: 'seed of the select random source',
  }),
  msgResp: row('msgResp', {
    flag: '--msg-resp',
    grammar: boolean,
    default: null,
    defaultText: '',
    help: 'honour isMsgResp=true (text-frame handshake reply) in any mode; v3.8 does by default, v3.5.1 with it models the release-v3.5 branch',
    negation: 'ignore isMsgResp=true, as the v3.5.1 tag does',
  }),
  webPingMs: row('webPingMs', {
    flag: '--web-ping <duration>',
    grammar: flagDuration(1, 86_400_000),
    default: null,
    defaultText: `${formatMs(d.webPingMs)} in v3.8, never otherwise`,
    help: 'how often Web clients (platform 5) are pinged once their reader runs',
  }),
  verbose: row('verbose', {
    flag: '--verbose',
    grammar: boolean,
    default: false,
    defaultText: '',
    help: 'log one line per state change of the loop',
  }),
} as const;

/** `imstress gateway`'s options that are not gateway settings: how this process talks to its caller. */
export const gatewayInvocationFlags = [
  { flag: '--json', attr: 'json', help: 'print one JSON line with the URLs on stdout once listening' },
  {
    flag: '--exit-with-stdin',
    attr: 'exitWithStdin',
    help: 'exit when standard input closes (how `imstress run` makes sure its gateway child never outlives it)',
  },
] as const;

/** The gateway's rows with their keys, in table order. */
export const gatewayRows = Object.entries(gatewaySettings) as ReadonlyArray<[keyof typeof gatewaySettings, AnyFlagRow]>;

/** `imstress gateway` flags as commander hands them over. */
export type RawGatewayFlags = RawFlagsOf<typeof gatewaySettings> & { json?: boolean; exitWithStdin?: boolean };

/** Declares every gateway flag on `cmd`, with no commander defaults (help shows each row's). */
export function addGatewayFlags(cmd: Command): Command {
  for (const [, r] of gatewayRows) {
    cmd.option(r.flag, helpLine(r));
    if (r.negation !== undefined) cmd.option(`--no-${longFlag(r).slice(2)}`, r.negation);
  }
  for (const f of gatewayInvocationFlags) cmd.option(f.flag, f.help);
  return cmd;
}

/** Flags → gateway options, every problem listed at its flag. */
export function gatewayOptionsOf(f: RawGatewayFlags): { options: GatewayOptions; issues: { where: string; message: string }[] } {
  const raw = f as Readonly<Record<string, unknown>>;
  const options: Record<string, unknown> = {};
  const issues: { where: string; message: string }[] = [];
  for (const [key, r] of gatewayRows) {
    const value = raw[attrOf(r)];
    if (value === undefined) continue;
    const p = r.grammar.parse(value);
    if (p.ok) options[key] = p.value;
    else issues.push({ where: longFlag(r), message: p.message });
  }
  return { options: options, issues };
}
