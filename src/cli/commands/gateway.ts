/**
 * `imstress gateway`: run the embedded reference gateway until Ctrl-C.
 */
import type { Command } from 'commander';
import { startGateway } from '../../gateway/gateway.js';
import { gatewayModeMeaning, type GatewayOptions } from '../../gateway/options.js';
import { gatewayDefaults } from '../../config/gateway-defaults.js';
import { addGatewayFlags, gatewayOptionsOf, type RawGatewayFlags } from './gateway-flags.js';
import { usageError } from '../../errors.js';
import type { CliIo } from '../io.js';

/** Flags → gateway options, every problem listed. */
function parseGatewayFlags(f: RawGatewayFlags): GatewayOptions {
  const { options, issues } = gatewayOptionsOf(f);
  // `--verbose` only turns logging on; its absence is the gateway's default, not an option.
  if (options.verbose !== true) delete options.verbose;
  if (issues.length > 0) throw usageError(issues);
  return options;
}

export function registerGatewayCommand(program: Command, io: CliIo, setResult: (p: Promise<number>) => void): void {
  const cmd = program.command('gateway').description('run the embedded reference gateway (a model of openim-msggateway) until Ctrl-C');
  addGatewayFlags(cmd).action((flags: RawGatewayFlags) => {
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
  if (gw.apiUrl !== null)
    io.err(`  api      ${gw.apiUrl}   (secret ${c.secret === gatewayDefaults.secret ? 'openIM123 (default)' : '<set>'})`);
  if (gw.metricsUrl !== null)
    io.err(`  metrics  ${gw.metricsUrl}/metrics   stats ${gw.metricsUrl}/stats   tasks ${gw.metricsUrl}/debug/tasks`);
  io.err('Ctrl-C to stop.');
  const signal = await io.waitForStop(flags.exitWithStdin === true);
  io.err(`${signal}: stopping`);
  await gw.close();
  return 0;
}
