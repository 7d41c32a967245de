/**
 * The adapter registry: every adapter's declaration (adapter-entry.ts) keyed
 * on the adapter-name catalog, and the one place an adapter is picked by
 * name. The CLI and each `--workers` thread build theirs the same way, from
 * a plain, serialisable spec (a worker gets it through `workerData`, not a
 * live object).
 */
import type { AdapterName } from '../catalog/adapters.js';
import type { TlsOptions } from '../transport/ws.js';
import type { Adapter } from './adapter.js';
import type { AdapterEntry, AdapterSpecInput } from './adapter-entry.js';
import { openimEntry, type OpenImAdapterSpec } from './openim/entry.js';
import { rawEntry, type RawAdapterSpec } from './raw/entry.js';

/** Any adapter's spec, told apart by `adapter`. */
export type AdapterSpec = OpenImAdapterSpec | RawAdapterSpec;
type SpecOf<N extends AdapterName> = Extract<AdapterSpec, { readonly adapter: N }>;

/** Every adapter's declaration (exhaustive: an adapter name without an entry fails to compile). */
const registry: { readonly [N in AdapterName]: AdapterEntry<N, SpecOf<N>> } = {
  openim: openimEntry,
  raw: rawEntry,
};

/** What `name` declares (request kinds, tokens). */
export function adapterEntry<N extends AdapterName>(name: N): AdapterEntry<N, SpecOf<N>> {
  return registry[name];
}

/** The spec of adapter `name` for a run. */
export function adapterSpec(name: AdapterName, input: AdapterSpecInput): AdapterSpec {
  return registry[name].spec(input);
}

function tlsOptions(spec: AdapterSpec): TlsOptions | null {
  if (spec.tls === null) return null;
  return spec.tls.caPem === null
    ? { rejectUnauthorized: spec.tls.rejectUnauthorized }
    : { ca: Buffer.from(spec.tls.caPem), rejectUnauthorized: spec.tls.rejectUnauthorized };
}

/** Builds the adapter `spec` names, in this thread. */
export function createAdapter(spec: AdapterSpec): Adapter {
  // TypeScript cannot correlate `registry[spec.adapter]` with `spec`'s member of the union: the entry is the spec's own.
  const entry = registry[spec.adapter] as AdapterEntry<AdapterName, AdapterSpec>;
  return entry.create(spec, tlsOptions(spec));
}
