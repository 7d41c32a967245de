/** A scripted adapter for engine tests on a manual clock: every call's outcome is decided by the test. */
import type { Adapter, AdapterConnection, ConnectResult, ConnectionEvents, RequestResult, VuIdentity } from '../../src/protocol/adapter.js';
import type { RunConfig } from '../../src/config/run-config.js';
import type { Clock, Scheduler } from '../../src/engine/clock.js';
import type { Timer } from '../../src/time/index.js';
import { runConfig } from '../report/fixtures.js';

export type Script = {
  connect?: (vu: VuIdentity) => Promise<ConnectResult> | 'open';
  request?: (vu: VuIdentity) => Promise<RequestResult> | 'reply';
};

export const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

export function fakeAdapter(script: Script): Adapter & { opened: number; terminated: number; pings: number } {
  const state = { opened: 0, terminated: 0, pings: 0 };
  const adapter = {
    name: 'raw' as const,
    get opened() {
      return state.opened;
    },
    get terminated() {
      return state.terminated;
    },
    get pings() {
      return state.pings;
    },
    prepare: async () => undefined,
    dispose: async () => undefined,
    connect: async (vu: VuIdentity, _events: ConnectionEvents): Promise<ConnectResult> => {
      const r = script.connect?.(vu) ?? 'open';
      if (r !== 'open') return r;
      state.opened++;
      let open = true;
      const conn: AdapterConnection = {
        get open() {
          return open;
        },
        request: (): Promise<RequestResult> => {
          const q = script.request?.(vu) ?? 'reply';
          return q === 'reply' ? Promise.resolve({ state: 'reply', errCode: 0, errMsg: '', pushKey: null }) : q;
        },
        ping: async () => {
          state.pings++;
          return true;
        },
        close: async () => {
          open = false;
          return 1000;
        },
        terminate: () => {
          if (open) state.terminated++;
          open = false;
        },
      };
      return { state: 'open', conn };
    },
  };
  return adapter;
}

export class ManualTime implements Clock, Scheduler {
  t = 0;
  private fns: (() => void)[] = [];
  now(): number {
    return this.t;
  }
  private once: { due: number; fn: () => void }[] = [];
  /** A one-shot timer, fired by {@link advance} once the time reaches it. */
  after(ms: number, fn: () => void): Timer {
    const e = { due: this.t + ms, fn };
    const cancel = (): void => {
      this.once = this.once.filter((x) => x !== e);
    };
    this.once.push(e);
    return {
      cancel,
      refresh: () => {
        cancel();
        e.due = this.t + ms;
        this.once.push(e);
      },
    };
  }
  every(_ms: number, fn: () => void): () => void {
    this.fns.push(fn);
    return () => {
      this.fns = this.fns.filter((f) => f !== fn);
    };
  }
  /** Advances by `ms` in ticks of `step`, letting promises settle after each. */
  async advance(ms: number, step = 100): Promise<void> {
    const end = this.t + ms;
    while (this.t < end) {
      this.t = Math.min(end, this.t + step);
      for (const f of [...this.fns]) f();
      const due = this.once.filter((e) => e.due <= this.t);
      this.once = this.once.filter((e) => e.due > this.t);
      for (const e of due) e.fn();
      await flush();
    }
  }
}

/** Reachable for the first second; then every dial takes 2 s to fail (a far reset, a slow resolver). */
export function slowlyFailingDials(time: ManualTime): Script {
  const failLater = (): Promise<ConnectResult> =>
    new Promise((resolve) => {
      const due = time.now() + 2_000;
      const stop = time.every(100, () => {
        if (time.now() < due) return;
        stop();
        resolve({ state: 'failed', kind: 'connection-refused', message: 'ECONNRESET' });
      });
    });
  return { connect: () => (time.now() < 1_000 ? 'open' : failLater()) };
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

/** An engine test config: the report fixtures' config, with a raw adapter and short drain. */
export function testConfig(over: Partial<RunConfig> = {}): RunConfig {
  return runConfig({
    target: { kind: 'url', url: 'ws://127.0.0.1:1/' },
    adapter: 'raw',
    users: 2,
    handshakeTimeoutMs: 10_000,
    drainTimeoutMs: 1_000,
    tokens: { kind: 'static', token: 't' },
    ...over,
  });
}
