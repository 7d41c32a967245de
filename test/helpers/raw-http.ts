/** A WebSocket upgrade request by hand, to read exactly what a refused handshake answers (§1.4). */
import { request } from 'node:http';

export interface RawAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly upgraded: boolean;
}

export function rawUpgrade(url: string, upgrade = true): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = upgrade
      ? { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' }
      : {};
    const req = request(url.replace(/^ws/, 'http'), { headers, timeout: 5000 });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body: '', upgraded: true });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'] ?? '',
          body: Buffer.concat(chunks).toString(),
          upgraded: false,
        }),
      );
    });
    req.end();
  });
}
