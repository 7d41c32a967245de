/**
 * Every connect attempt and how every opened connection ended (issue #18).
 * A run that ends carefully leaves no connection unaccounted for:
 * `handshakes = closedCleanly + closedByTimeout + cut + closedByServer`, and
 * `attempts = handshakes + connect failures + abandoned` once the run is over.
 */

/** How one opened connection ended. */
export type ConnectionEnd = 'clean' | 'timeout' | 'cut' | 'server';

/** The tally's counts, as they appear (optional, absent before #18) in the run totals. */
export interface ConnectionEndTotals {
  /** Every connect attempt: opened, failed, or abandoned at the end of the run. */
  readonly attempts: number;
  /** Dials still before their handshake answer when the end's grace (`--close-timeout`) ran out: destroyed unanswered. */
  readonly abandoned: number;
  /** Close frame sent, the server's close frame and its TCP close received (the server closed TCP first). */
  readonly closedCleanly: number;
  /** Close frame sent, but the close did not finish within `--close-timeout`: the socket was destroyed. */
  readonly closedByTimeout: number;
  /** Destroyed without a close frame while open (a reply, push or handshake-answer timeout, an error). */
  readonly cut: number;
  /** Already closed when the virtual user came to close it: the server closed it (a kick, an unexpected close) or it broke. */
  readonly closedByServer: number;
}

/** The tally's keys, for code that sums totals (merge, `--workers`). */
export const connectionEndKeys = [
  'attempts',
  'abandoned',
  'closedCleanly',
  'closedByTimeout',
  'cut',
  'closedByServer',
] as const satisfies readonly (keyof ConnectionEndTotals)[];

const endKey: Readonly<Record<ConnectionEnd, 'closedCleanly' | 'closedByTimeout' | 'cut' | 'closedByServer'>> = {
  clean: 'closedCleanly',
  timeout: 'closedByTimeout',
  cut: 'cut',
  server: 'closedByServer',
};

/** Plain counters, bumped by the virtual users. */
export class ConnectionTally {
  attempts = 0;
  abandoned = 0;
  closedCleanly = 0;
  closedByTimeout = 0;
  cut = 0;
  closedByServer = 0;

  /** A connect attempt began. */
  attempt(): void {
    this.attempts++;
  }

  /** An opened connection ended. */
  ended(how: ConnectionEnd): void {
    this[endKey[how]]++;
  }

  /** A dial was given up at the end of the run, before its handshake answer. */
  abandon(): void {
    this.abandoned++;
  }

  totals(): ConnectionEndTotals {
    return {
      attempts: this.attempts,
      abandoned: this.abandoned,
      closedCleanly: this.closedCleanly,
      closedByTimeout: this.closedByTimeout,
      cut: this.cut,
      closedByServer: this.closedByServer,
    };
  }
}

/**
 * The tallies of several runs or threads summed (`--workers`, `merge`); empty when none has one (reports
 * written before #18), so an old report merged stays without the fields rather than claiming zeros.
 */
export function sumConnectionEnds(parts: readonly Partial<ConnectionEndTotals>[]): Partial<ConnectionEndTotals> {
  const withTally = parts.filter((p) => p.attempts !== undefined);
  if (withTally.length === 0) return {};
  const out = {} as Record<(typeof connectionEndKeys)[number], number>;
  for (const k of connectionEndKeys) out[k] = withTally.reduce((n, p) => n + (p[k] ?? 0), 0);
  return out;
}
