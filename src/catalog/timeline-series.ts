/**
 * The timeline's series and their kinds. Neutral (imports nothing): the
 * engine samples them, the report declares and merges them, neither
 * importing the other for it (issue #13).
 */

/** Timeline series, sampled every interval. */
export const timelineSeries = {
  open: 'gauge',
  openSilent: 'gauge',
  serverOnline: 'gauge',
  handshakes: 'counter',
  replies: 'counter',
  pushes: 'counter',
  closes: 'counter',
  iterations: 'counter',
  errors: 'counter',
  waitingConnecting: 'gauge',
  waitingReply: 'gauge',
  waitingPush: 'gauge',
  waitingClosing: 'gauge',
  /** VUs whose current wait (any phase) is older than the stall threshold: stuck, not merely in flight (absent in older reports). */
  stuck: 'gauge',
} as const;
export type TimelineSeries = keyof typeof timelineSeries;
