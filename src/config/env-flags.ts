/**
 * Every `imstress run` setting from the environment, k6 style: the flag's
 * name in upper snake case after `IMSTRESS_` (`--ramp-up` → `IMSTRESS_RAMP_UP`,
 * `--no-register` → `IMSTRESS_REGISTER=false`). Precedence: defaults <
 * scenario file < environment < flags. An empty variable counts as unset, so
 * `IMSTRESS_USERS= imstress run` behaves like no variable at all. Values are
 * the flag's own text and parsed by the same code as the flag, so a bad one
 * is reported at the variable's name with the flag's message.
 *
 * Not from the environment: `--scenario` (it chooses the file layer below
 * the environment) and `--html` (an output of this invocation, not a run
 * setting). Unknown `IMSTRESS_*` names are ignored: CI files use names such
 * as `IMSTRESS` for their own purposes.
 */
import type { Issue } from '../errors.js';
import type { RawRunFlags } from './raw-flags.js';

/** The prefix of every run setting's environment variable. */
export const envPrefix = 'IMSTRESS_';

type Kind = 'text' | 'boolean' | 'list-comma' | 'list-space';

/** Each run flag that the environment can set, with how its text is read. */
export const envFlagKinds: Readonly<Partial<Record<keyof RawRunFlags, Kind>>> = {
  users: 'text',
  userPrefix: 'text',
  userOffset: 'text',
  duration: 'text',
  iterations: 'text',
  rampUp: 'text',
  think: 'text',
  messages: 'text',
  messageKind: 'text',
  platform: 'text',
  overlap: 'boolean',
  compression: 'text',
  encoding: 'text',
  heartbeat: 'text',
  handshakeTimeout: 'text',
  replyTimeout: 'text',
  pushTimeout: 'text',
  closeTimeout: 'text',
  stallThreshold: 'text',
  hangWindow: 'text',
  onHang: 'text',
  target: 'text',
  gatewayMode: 'text',
  gatewayArg: 'list-space',
  adapter: 'text',
  metricsUrl: 'text',
  gauge: 'text',
  pprofUrl: 'text',
  drainTimeout: 'text',
  token: 'text',
  tokenFile: 'text',
  apiUrl: 'text',
  secret: 'text',
  apiConcurrency: 'text',
  register: 'boolean',
  threshold: 'list-comma',
  report: 'text',
  json: 'boolean',
  progress: 'text',
  localAddress: 'text',
  ca: 'text',
  insecure: 'boolean',
  verbose: 'boolean',
  workers: 'text',
  shard: 'text',
  trials: 'text',
  untilHang: 'boolean',
  betweenTrials: 'text',
  openimVersion: 'text',
  adminUser: 'text',
  msgResp: 'boolean',
  evidenceGap: 'text',
};

/** `rampUp` → `IMSTRESS_RAMP_UP`. */
export function envVarName(key: keyof RawRunFlags): string {
  return `${envPrefix}${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

const truthy = new Set(['true', '1', 'yes', 'on']);
const falsy = new Set(['false', '0', 'no', 'off']);

/**
 * The run flags the environment sets, as commander would hand them over,
 * and a problem per variable that cannot be read (a boolean that is not one).
 */
export function rawFlagsFromEnv(env: Readonly<Record<string, string | undefined>>): { flags: RawRunFlags; issues: Issue[] } {
  const flags: Record<string, unknown> = {};
  const issues: Issue[] = [];
  for (const [key, kind] of Object.entries(envFlagKinds) as Array<[keyof RawRunFlags, Kind]>) {
    const name = envVarName(key);
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    switch (kind) {
      case 'text':
        flags[key] = raw;
        break;
      case 'boolean': {
        const v = raw.trim().toLowerCase();
        if (truthy.has(v)) flags[key] = true;
        else if (falsy.has(v)) flags[key] = false;
        else issues.push({ where: name, message: `got "${raw}"; expected true or false (also 1/0, yes/no, on/off)` });
        break;
      }
      case 'list-comma':
        flags[key] = raw
          .split(/[,\n]/)
          .map((s) => s.trim())
          .filter((s) => s !== '');
        break;
      case 'list-space':
        flags[key] = raw.split(/\s+/).filter((s) => s !== '');
        break;
    }
  }
  return { flags: flags, issues };
}
