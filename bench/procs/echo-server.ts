/**
 * Bench target: a raw `ws` echo server in its own process. Prints one JSON
 * line `{"ws": url, "pid": n}` when listening, reports its open-connection
 * count over IPC (when spawned with an IPC channel) every 100 ms while it
 * changes, with the upgrades it accepted and the close codes it saw (issue
 * #18: 1006 is an abnormal close), and exits when its stdin closes (so it
 * never outlives the bench).
 *
 *   node dist/bench/procs/echo-server.js
 */
import { createListeningServer } from '../../src/transport/ws.js';

let open = 0;
let accepted = 0;
let changes = 0;
const closeCodes: Record<string, number> = {};
const wss = createListeningServer({ host: '127.0.0.1', port: 0 }, () => {
  const a = wss.address();
  const port = typeof a === 'object' && a !== null ? a.port : 0;
  process.stdout.write(`${JSON.stringify({ ws: `ws://127.0.0.1:${port}/`, pid: process.pid })}\n`);
});
wss.on('connection', (s) => {
  open++;
  accepted++;
  changes++;
  s.on('message', (d, binary) => s.send(d, { binary, compress: false }));
  s.on('error', () => undefined);
  s.on('close', (code: number) => {
    open--;
    changes++;
    closeCodes[code] = (closeCodes[code] ?? 0) + 1;
  });
});
let last = -1;
const reporter = setInterval(() => {
  if (changes === last || process.send === undefined) return;
  last = changes;
  process.send({ open, accepted, closeCodes });
}, 100);
const stop = (): void => {
  clearInterval(reporter);
  for (const c of wss.clients) c.terminate();
  wss.close(() => process.exit(0));
};
process.stdin.on('end', stop).on('error', stop).resume();
process.on('SIGTERM', stop);
