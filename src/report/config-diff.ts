/**
 * Differences between two reports' effective configurations, key by key
 * (nested objects by dotted key; values compared as JSON with sorted
 * object keys). Merge
 * refuses shards whose configurations differ; compare shows the
 * differences so a reader can tell whether the runs are comparable.
 */

/** One config key (dotted for nested ones, e.g. `target.gatewayMode`) whose values differ. */
export interface ConfigDifference {
  readonly key: string;
  /** The value in the first (base) config as compact JSON; `undefined` when absent. */
  readonly base: string;
  readonly head: string;
}

/** JSON with object keys sorted, so that equal configs compare equal whatever their key order. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Dotted keys (sorted) whose values differ between `base` and `head`:
 * objects are compared key by key (`target.gatewayMode`), arrays and
 * scalars whole. Top-level keys in `ignore` are left out.
 */
export function configDifferences(
  base: Readonly<Record<string, unknown>>,
  head: Readonly<Record<string, unknown>>,
  ignore: readonly string[] = [],
): ConfigDifference[] {
  const out: ConfigDifference[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        if (path === '' && ignore.includes(key)) continue;
        walk(a[key], b[key], path === '' ? key : `${path}.${key}`);
      }
      return;
    }
    const x = stableJson(a);
    const y = stableJson(b);
    if (x !== y) out.push({ key: path, base: x, head: y });
  };
  walk(base, head, '');
  return out;
}
