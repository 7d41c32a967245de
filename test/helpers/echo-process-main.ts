/**
 * A real echo WebSocket target in its own process (for outage tests: it is
 * killed with SIGKILL mid-run and restarted on the same port). Argument: the
 * port (0: any). Prints `{"port":N}` once listening, `{"served":true}` after the first
 * echoed frame; echoes every frame.
 */
import { createListeningServer } from '../../src/transport/ws.js';

// `npm test` runs every file under dist/test/, this one included, with no argument: it is not a test, so it leaves at once.
if (process.argv[2] === undefined) process.exit(0);
const port = Number(process.argv[2]);
const server = createListeningServer({ host: '127.0.0.1', port }, () => {
  const a = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof a === 'object' && a !== null ? a.port : 0 })}\n`);
});
let served = false;
server.on('connection', (ws) =>
  ws.on('message', (data, binary) => {
    ws.send(data, { binary });
    // One line when the first frame is echoed: a test can wait for the load to have reached us instead of sleeping.
    if (!served) process.stdout.write(`${JSON.stringify({ served: true })}\n`);
    served = true;
  }),
);
// The parent holds our stdin: when it goes (even by SIGKILL), so do we.
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
