/**
 * TCP TIME_WAIT sockets on this machine, by side, for one server port (Linux: /proc/net/tcp{,6};
 * null elsewhere). Client side: the remote port is the server's; server side: the local port is.
 * Used to check that the server closes TCP first (RFC 6455 §7.1.1, issue #18).
 */
import { readFileSync } from 'node:fs';

const TIME_WAIT = '06';

export function timeWaitByPort(port: number): { client: number; server: number } | null {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  let client = 0;
  let server = 0;
  let read = false;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    read = true;
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4 || f[3] !== TIME_WAIT) continue;
      if (f[2]?.endsWith(`:${hex}`)) client++;
      else if (f[1]?.endsWith(`:${hex}`)) server++;
    }
  }
  return read ? { client, server } : null;
}
