/** Which operation hit the closed channel: Go panics differently for each. */
export type ClosedChannelOp = 'send' | 'close';

/**
 * Go's run-time panic "send on closed channel" / "close of closed channel"
 * (Go spec, "Send statements" and "Close"). Thrown or used as a rejection
 * reason; a task that does not catch it panics (see `TaskRegistry.go`).
 */
export class ChannelClosedError extends Error {
  /** Stable code for matching without parsing the message. */
  readonly code: 'SEND_ON_CLOSED_CHANNEL' | 'CLOSE_OF_CLOSED_CHANNEL';

  constructor(
    readonly op: ClosedChannelOp,
    /** Name of the channel. */
    readonly channel: string,
  ) {
    super(`${op === 'send' ? 'send on' : 'close of'} closed channel ${channel}`);
    this.name = 'ChannelClosedError';
    this.code = op === 'send' ? 'SEND_ON_CLOSED_CHANNEL' : 'CLOSE_OF_CLOSED_CHANNEL';
  }
}
