/**
 * `imstress gateway`: run the embedded reference gateway until Ctrl-C.
 */
import type { Command } from 'commander';
import { startGateway } from '../../gateway/gateway.js';
import { gatewayModes, gatewayModeMeaning, type GatewayOptions } from '../../gateway/options.js';
import { gatewayDefaults } from '../../config/gateway-defaults.js';
import { FlagParser } from '../parse.js';
import { usageError } from '../../errors.js';
import type { CliIo } from '../io.js';

interface RawGatewayFlags {
  mode?: string;
  host?: string;
  port?: string;
  apiPort?: string;
  metricsPort?: string;
  secret?: string;
  registerCap?: string;
  unregisterCap?: string;
  policy?: string;
  statusRpc?: string;
  msgRpc?: string;
  msgRpcPerCall?: string;
  readDeadline?: string;
  seed?: string;
  msgResp?: boolean;
  webPing?: string;
  verbose?: boolean;
  json?: boolean;
  exitWithStdin?: boolean;
}

/** Flags → gateway options, every problem listed. */
function parseGatewayFlags(f: RawGatewayFlags): GatewayOptions {
  const p = new FlagParser();
  const o: GatewayOptions = {};
  const set = <K extends keyof GatewayOptions>(key: K, value: GatewayOptions[K] | undefined): void => {
    if (value !== undefined) o[key] = value;
  };
  set('mode', p.oneOf('--mode', f.mode, gatewayModes));
  set('host', f.host);
  set('port', p.int('--port', f.port, 0, 65535));
  set('apiPort', p.port('--api-port', f.apiPort, true));
  set('metricsPort', p.port('--metrics-port', f.metricsPort, true));
  set('secret', f.secret);
  set('registerChanCap', p.int('--register-cap', f.registerCap, 0, 10_000_000));
  set('unregisterChanCap', p.int('--unregister-cap', f.unregisterCap, 0, 10_000_000));
  set('multiLoginPolicy', p.int('--policy', f.policy, 0, 5));
  set('statusRpcMs', p.duration('--status-rpc', f.statusRpc, 0, 600_000));
  set('messageRpcBaseMs', p.duration('--msg-rpc', f.msgRpc, 0, 600_000));
  set('messageRpcPerInFlightMs', p.duration('--msg-rpc-per-call', f.msgRpcPerCall, 0, 600_000));
  set('readDeadlineMs', p.duration('--read-deadline', f.readDeadline, 1, 86_400_000));
  set('seed', p.int('--seed', f.seed, 0, 2 ** 32 - 1));
  set('msgResp', f.msgResp);
  set('webPingMs', p.duration('--web-ping', f.webPing, 1, 86_400_000));
  if (f.verbose === true) o.verbose = true;
  if (p.issues.length > 0) throw usageError(p.issues);
  return o;
}

export function registerGatewayCommand(program: Command, io: CliIo, setResult: (p: Promise<number>) => void): void {
  const d = gatewayDefaults;
  program
    .command('gateway')
    .description('run the embedded reference gateway (a model of openim-msggateway) until Ctrl-C')
    .option('--mode <mode>', gatewayModes.map((m) => `${m}: ${gatewayModeMeaning[m]}`).join('; '), d.mode)
    .option('--host <address>', 'address to bind every port to', d.host)
    .option('--port <n>', 'WebSocket port (0 = any free port)', String(d.port))
    .option('--api-port <n|off>', 'REST API port for tokens and online status', String(d.apiPort))
    .option('--metrics-port <n|off>', 'Prometheus metrics, /stats and /debug/tasks', String(d.metricsPort))
    .option('--secret <s>', 'token secret (config `secret`)', d.secret)
    .option('--register-cap <n>', 'registerChan capacity', String(d.registerChanCap))
    .option('--unregister-cap <n>', 'unregisterChan capacity', String(d.unregisterChanCap))
    .option('--policy <n>', 'multiLoginPolicy (0 no kick, 1 same-platform kick, 5 PC and other)', String(d.multiLoginPolicy))
    .option('--status-rpc <duration>', 'cost of the SetUserStatus RPC on register and unregister', `${d.statusRpcMs}ms`)
    .option('--msg-rpc <duration>', 'base latency of the message RPC', `${d.messageRpcBaseMs}ms`)
    .option('--msg-rpc-per-call <duration>', 'extra message-RPC latency per call in flight', `${d.messageRpcPerInFlightMs}ms`)
    .option('--read-deadline <duration>', 'read deadline (pongWait)', `${d.readDeadlineMs / 1000}s`)
    .option('--seed <n>', 'seed of the select random source (default: unseeded)')
    .option('--msg-resp', 'honour isMsgResp=true (text-frame handshake reply) in any mode; v3.8 does by default, v3.5.1 with it models the release-v3.5 branch')
    .option('--no-msg-resp', 'ignore isMsgResp=true, as the v3.5.1 tag does')
    .option('--web-ping <duration>', `how often Web clients (platform 5) are pinged once their reader runs (default: ${d.webPingMs / 1000}s in v3.8, never otherwise)`)
    .option('--json', 'print one JSON line with the URLs on stdout once listening')
    .option('--verbose', 'log one line per state change of the loop')
    .option('--exit-with-stdin', 'exit when standard input closes (how `imstress run` makes sure its gateway child never outlives it)')
    .action((flags: RawGatewayFlags) => {
      setResult(runGateway(flags, io));
    });
}

async function runGateway(flags: RawGatewayFlags, io: CliIo): Promise<number> {
  const options = parseGatewayFlags(flags);
  const gw = await startGateway(options, {
    log: (line) => io.err(line),
    onPanic: (name, error) => io.err(`panic in task ${name}: ${String(error)}`),
  });
  const c = gw.config;
  if (flags.json === true) {
    io.out(JSON.stringify({ event: 'listening', mode: c.mode, ws: gw.wsUrl, api: gw.apiUrl, metrics: gw.metricsUrl, pid: process.pid }));
  }
  io.err(`imstress gateway (embedded model of openim-msggateway, mode ${c.mode}: ${gatewayModeMeaning[c.mode]})`);
  io.err(`  ws       ${gw.wsUrl}`);
  if (gw.apiUrl !== null) io.err(`  api      ${gw.apiUrl}   (secret ${c.secret === gatewayDefaults.secret ? 'openIM123 (default)' : '<set>'})`);
  if (gw.metricsUrl !== null) io.err(`  metrics  ${gw.metricsUrl}/metrics   stats ${gw.metricsUrl}/stats   tasks ${gw.metricsUrl}/debug/tasks`);
  io.err('Ctrl-C to stop.');
  const signal = await io.waitForStop(flags.exitWithStdin === true);
  io.err(`${signal}: stopping`);
  await gw.close();
  return 0;
}
