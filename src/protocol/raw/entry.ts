/**
 * The `raw` adapter's declaration: echo requests only (`get-seq`; an echo
 * server has no messages or pushes), no tokens.
 */
import { commonSpec, type AdapterEntry, type CommonAdapterSpec } from '../adapter-entry.js';
import { createRawAdapter } from './adapter.js';

/** The raw adapter's spec: the common part only. */
export type RawAdapterSpec = CommonAdapterSpec<'raw'>;

export const rawEntry: AdapterEntry<'raw', RawAdapterSpec> = {
  name: 'raw',
  requestKinds: ['get-seq'],
  usesTokens: false,
  openimRelease: false,
  spec: (input) => commonSpec('raw', input),
  create: (spec, tls) => createRawAdapter({ url: spec.url, localAddress: spec.localAddress, tls }),
};
