/**
 * The `openim` adapter's declaration: `get-seq` (1001) and `send-msg` (1003,
 * with its push), OpenIM user tokens, the frame codec choices and the
 * release's token flow and handshake variant (§14).
 */
import { commonSpec, type AdapterEntry, type AdapterSpecInput, type CommonAdapterSpec } from '../adapter-entry.js';
import { createOpenImAdapter } from './adapter.js';
import { createTokenProvider, type ResolvedTokenSource } from './tokens.js';

/** The openim adapter's spec. */
export interface OpenImAdapterSpec extends CommonAdapterSpec<'openim'> {
  /** Where user tokens come from; null only before the embedded gateway is up (creating then fails). */
  readonly tokens: ResolvedTokenSource | null;
  readonly compression: AdapterSpecInput['compression'];
  readonly encoding: AdapterSpecInput['encoding'];
  /** The token flow and handshake variant decided for the release (§14); absent: `user-token`, no isMsgResp. */
  readonly openim?: NonNullable<AdapterSpecInput['openim']>;
}

export const openimEntry: AdapterEntry<'openim', OpenImAdapterSpec> = {
  name: 'openim',
  requestKinds: ['get-seq', 'send-msg'],
  usesTokens: true,
  openimRelease: true,
  spec: (input) => ({
    ...commonSpec('openim', input),
    tokens: input.tokens,
    compression: input.compression,
    encoding: input.encoding,
    ...(input.openim === undefined ? {} : { openim: input.openim }),
  }),
  create(spec, tls) {
    if (spec.tokens === null) throw new Error('no token source for the openim adapter');
    return createOpenImAdapter({
      url: spec.url,
      tokens: createTokenProvider(
        spec.tokens,
        spec.openim === undefined ? {} : { flow: spec.openim.tokenFlow, adminUser: spec.openim.adminUser },
      ),
      compression: spec.compression,
      encoding: spec.encoding,
      localAddress: spec.localAddress,
      operationIdPrefix: spec.operationIdPrefix,
      tls,
      msgResp: spec.openim?.msgResp === true,
    });
  },
};
