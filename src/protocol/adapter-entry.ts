/**
 * What every adapter declares about itself (issue #13 step 4): the request
 * kinds it can send, whether it needs OpenIM user tokens, its serialisable
 * spec (what crosses to a `--workers` thread through `workerData`) and how
 * to build it from that spec. The registry (create-adapter.ts) keys the
 * entries on the adapter-name catalog, so a new adapter that is not
 * registered fails to compile, and nothing else switches on an adapter's name.
 */
import type { AdapterName } from '../catalog/adapters.js';
import type { TlsOptions } from '../transport/ws.js';
import type { Adapter, RequestKind } from './adapter.js';
import type { ResolvedTokenSource } from './openim/tokens.js';
import type { TokenFlow } from './openim/versions.js';

/** wss:// verification as data (`--ca` as PEM text, `--insecure`); null: Node's defaults. */
type TlsSpec = { readonly caPem: string | null; readonly rejectUnauthorized: boolean } | null;

/** The part of every adapter's spec: serialisable, the same for each adapter. */
export interface CommonAdapterSpec<N extends AdapterName> {
  readonly adapter: N;
  readonly url: string;
  readonly localAddress: string | null;
  /** operationID prefix of each connection (workers add their number, so IDs stay unique) */
  readonly operationIdPrefix: string;
  /** wss:// verification; null: Node's defaults */
  readonly tls: TlsSpec;
}

/** What a run knows when it picks its adapter's spec (decided once by the CLI). */
export interface AdapterSpecInput {
  readonly url: string;
  readonly localAddress: string | null;
  readonly operationIdPrefix: string;
  readonly tls: TlsSpec;
  /** Where OpenIM user tokens come from; null when not known (yet) or not needed. */
  readonly tokens: ResolvedTokenSource | null;
  readonly compression: 'gzip' | 'none';
  readonly encoding: 'gob' | 'json';
  /** The token flow and handshake variant decided for the OpenIM release (§14); absent: not decided. */
  readonly openim?: { readonly tokenFlow: TokenFlow; readonly adminUser: string; readonly msgResp: boolean };
}

/** One adapter's declaration. */
export interface AdapterEntry<N extends AdapterName, S extends CommonAdapterSpec<N>> {
  readonly name: N;
  /** The request kinds an iteration may send through it (`--message-kind`). */
  readonly requestKinds: readonly RequestKind[];
  /** It connects with OpenIM user tokens, fetched before the load. */
  readonly usesTokens: boolean;
  /** Its tokens and handshake follow an OpenIM release, so the release's choices (§14: token flow, isMsgResp) apply. */
  readonly openimRelease: boolean;
  /** Its spec, from what the run knows (only the fields it uses). */
  spec(input: AdapterSpecInput): S;
  /** Builds the adapter in this thread from its spec. */
  create(spec: S, tls: TlsOptions | null): Adapter;
}

/** The spec part every entry copies from the input. */
export function commonSpec<N extends AdapterName>(adapter: N, input: AdapterSpecInput): CommonAdapterSpec<N> {
  return { adapter, url: input.url, localAddress: input.localAddress, operationIdPrefix: input.operationIdPrefix, tls: input.tls };
}
