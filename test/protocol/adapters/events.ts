/**
 * Test helpers for adapters: a ConnectionEvents recorder, and a loopback
 * port nobody listens on.
 */
import { createServer } from 'node:net';
import type { ConnectionEvents } from '../../../src/protocol/adapter.js';

export interface Recorded {
  readonly pushes: string[][];
  readonly order: string[];
  kicks: number;
  closes: { code: number; byServer: boolean }[];
}

export function recorder(): ConnectionEvents & { readonly rec: Recorded } {
  const rec: Recorded = { pushes: [], order: [], kicks: 0, closes: [] };
  return {
    rec,
    push(keys) {
      rec.pushes.push([...keys]);
      rec.order.push('push');
    },
    kicked() {
      rec.kicks++;
      rec.order.push('kicked');
    },
    closed(code, byServer) {
      rec.closes.push({ code, byServer });
      rec.order.push('closed');
    },
  };
}

/** A port on 127.0.0.1 that was free a moment ago and has no listener now. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
