/**
 * Accepted ranges of `imstress run` numbers, shared by flags and scenario
 * files (these are bounds, not defaults: defaults live in `run-defaults.ts`).
 */
import type { Range } from './values.js';

const hour = 3_600_000;
const minute = 60_000;

export const runLimits = {
  users: { min: 1, max: 1_000_000 },
  userOffset: { min: 0, max: 1_000_000_000_000 },
  /** a run of up to a week */
  duration: { min: 1, max: 168 * hour },
  iterations: { min: 1, max: 1_000_000_000 },
  rampUp: { min: 0, max: 24 * hour },
  think: { min: 0, max: hour },
  /** 0: connect and close only */
  messages: { min: 0, max: 10_000 },
  /** §6.1: platform IDs 1 (IOS) … 10 (Admin) */
  platform: { min: 1, max: 10 },
  /** 0 = no heartbeat */
  heartbeat: { min: 0, max: hour },
  timeout: { min: 1, max: hour },
  stallThreshold: { min: 1, max: hour },
  hangWindow: { min: 1, max: 24 * hour },
  drainTimeout: { min: 0, max: hour },
  /** the second dump delays the end of a hung run by this much */
  evidenceGap: { min: 0, max: minute },
  apiConcurrency: { min: 1, max: 10_000 },
  workers: { min: 1, max: 256 },
  shardCount: { min: 1, max: 100_000 },
  trials: { min: 1, max: 10_000 },
  betweenTrials: { min: 0, max: hour },
} as const satisfies Readonly<Record<string, Range>>;

/**
 * The longest `--user-prefix`: user IDs travel in every handshake URL, token
 * request and report, and real ones are short; a 10 MB prefix used to start a
 * run and fail as "token API unreachable" (issue #17.7).
 */
export const userPrefixMaxLength = 64;
