/**
 * Simulated downstream RPCs. The gateway's structure waits on them exactly
 * where upstream does (§7.2, §7.3, §2.6); their cost is a model knob.
 */
import type { Task } from './csp/index.js';

/** A fixed-cost RPC, e.g. user-RPC SetUserStatus (§7.2, §7.3). */
export class FixedCostRpc {
  calls = 0;
  constructor(
    readonly name: string,
    private readonly costMs: number,
  ) {}

  async call(task: Task): Promise<void> {
    this.calls++;
    await rpcDelay(task, this.costMs, this.name);
  }

  /** The call with a context deadline: whichever ends first (v3.8's 5 s timeout, §7.9). */
  async callWithTimeout(task: Task, timeoutMs: number): Promise<'ok' | 'timeout'> {
    if (this.costMs <= timeoutMs) {
      await this.call(task);
      return 'ok';
    }
    this.calls++;
    await rpcDelay(task, timeoutMs, this.name);
    return 'timeout';
  }
}

/**
 * An RPC whose latency grows with the calls in flight, as a real downstream
 * service's does under load: base + perInFlight × (calls in flight).
 */
export class LoadedRpc {
  calls = 0;
  inFlight = 0;
  constructor(
    readonly name: string,
    private readonly baseMs: number,
    private readonly perInFlightMs: number,
  ) {}

  async call(task: Task, method: string): Promise<void> {
    this.calls++;
    this.inFlight++;
    try {
      await rpcDelay(task, this.baseMs + this.perInFlightMs * (this.inFlight - 1), `${this.name}.${method}`);
    } finally {
      this.inFlight--;
    }
  }
}

/**
 * Waits `ms` as an RPC round trip on the gateway's clock (a sub-millisecond
 * cost is timed by the real clock's spin; 0 costs one microtask).
 */
function rpcDelay(task: Task, ms: number, label: string): Promise<void> {
  return task.sleep(ms, label, 'rpc');
}
