/**
 * The load generator's environment, for the report. Kept apart from
 * {@link buildReport} so that building stays pure: the CLI calls this once
 * and passes the result in.
 */
import { availableParallelism, hostname } from 'node:os';
import type { ReportEnvironment } from './schema.js';

/** Reads Node's version, platform, CPUs, host name and pid. */
export function collectEnvironment(): ReportEnvironment {
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: availableParallelism(),
    hostname: hostname(),
    pid: process.pid,
  };
}
