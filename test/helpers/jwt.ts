/** Hand-built HS256 tokens for handshake tests (claims the gateway would never mint). */
import { createHmac } from 'node:crypto';

export function signHs256(claims: Record<string, unknown>, secret: string): string {
  const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
