/**
 * Builds an adapter from a plain, serialisable description, so the CLI and
 * each `--workers` thread make theirs the same way (a worker gets the spec
 * through `workerData`, not a live object).
 */
import type { Adapter, AdapterName } from './adapter.js';
import { createOpenImAdapter } from './openim/adapter.js';
import { createTokenProvider, type ResolvedTokenSource } from './openim/tokens.js';
import type { TokenFlow } from './openim/versions.js';
import { createRawAdapter } from './raw/adapter.js';
import type { TlsOptions } from '../transport/ws.js';

export interface AdapterSpec {
  readonly adapter: AdapterName;
  readonly url: string;
  /** openim only; null for raw */
  readonly tokens: ResolvedTokenSource | null;
  readonly compression: 'gzip' | 'none';
  readonly encoding: 'gob' | 'json';
  readonly localAddress: string | null;
  /** operationID prefix of each connection (workers add their number, so IDs stay unique) */
  readonly operationIdPrefix: string;
  /** wss:// verification (`--ca` as PEM text, so it crosses to a worker thread as is; `--insecure`); null: Node's defaults */
  readonly tls: { readonly caPem: string | null; readonly rejectUnauthorized: boolean } | null;
  /**
   * openim: the token flow and handshake variant decided for the release (§14); absent:
   * `user-token`, no isMsgResp. Decided once by the CLI, so workers do not probe again.
   */
  readonly openim?: { readonly tokenFlow: TokenFlow; readonly adminUser: string; readonly msgResp: boolean };
}

function tlsOptions(spec: AdapterSpec): TlsOptions | null {
  if (spec.tls === null) return null;
  return spec.tls.caPem === null ? { rejectUnauthorized: spec.tls.rejectUnauthorized } : { ca: Buffer.from(spec.tls.caPem), rejectUnauthorized: spec.tls.rejectUnauthorized };
}

export function createAdapter(spec: AdapterSpec): Adapter {
  const tls = tlsOptions(spec);
  if (spec.adapter === 'raw') return createRawAdapter({ url: spec.url, localAddress: spec.localAddress, tls });
  if (spec.tokens === null) throw new Error('no token source for the openim adapter');
  return createOpenImAdapter({
    url: spec.url,
    tokens: createTokenProvider(spec.tokens, spec.openim === undefined ? {} : { flow: spec.openim.tokenFlow, adminUser: spec.openim.adminUser }),
    compression: spec.compression,
    encoding: spec.encoding,
    localAddress: spec.localAddress,
    operationIdPrefix: spec.operationIdPrefix,
    tls,
    msgResp: spec.openim?.msgResp === true,
  });
}
