/**
 * The layered settings `resolveRunConfig` merges: each value remembers where
 * it came from (a flag, `file:key`, an environment variable), so a cross-field
 * problem names the place the user can fix, and a setting from a lower layer
 * can be told apart from one the user gave alongside the value it conflicts with.
 */
import type { Issue } from '../errors.js';
import type { GatewayMode } from '../catalog/gateway-modes.js';
import type { RunConfig } from './run-config.js';
import type { Parsed, TargetChoice } from './values.js';

type Direct = Exclude<keyof RunConfig, 'scenario' | 'target' | 'tokens'>;

/** The token source a layer names; secret, concurrency and register are settings of their own. */
type TokenChoice =
  | { readonly kind: 'static'; readonly token: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'api'; readonly apiUrl: string };

/** Everything a flag or a scenario key can set, parsed. */
export type Settings = { readonly [K in Direct]: NonNullable<RunConfig[K]> } & {
  readonly target: TargetChoice;
  readonly gatewayMode: GatewayMode;
  readonly gatewayArgs: readonly string[];
  readonly tokenSource: TokenChoice;
  readonly secret: string;
  readonly apiConcurrency: number;
  readonly register: boolean;
};
export type SettingKey = keyof Settings;

/** Layers in precedence order: a later layer overrides an earlier one. */
export const layerRank = { default: 0, file: 1, env: 2, flag: 3 } as const;
export type Layer = keyof typeof layerRank;

export interface Sourced<T> {
  readonly value: T;
  /** `--ramp-up`, `scenarios/x.yaml:rampUp`, `IMSTRESS_SECRET` */
  readonly where: string;
  readonly layer: Layer;
}

/** Settings gathered layer by layer (apply file, then env, then flags), with every problem. */
export class SettingsBuilder {
  readonly issues: Issue[] = [];
  private readonly values = new Map<SettingKey, Sourced<unknown>>();

  /** Sets `key` unless `value` is undefined; a later call overrides. */
  set<K extends SettingKey>(key: K, value: Settings[K] | undefined, where: string, layer: Layer): void {
    if (value !== undefined) this.values.set(key, { value, where, layer });
  }

  /** Parses `raw` (when given) and sets `key`, or records the problem at `where`. */
  parse<K extends SettingKey>(key: K, raw: unknown, where: string, layer: Layer, parse: (raw: unknown) => Parsed<Settings[K]>): void {
    if (raw === undefined) return;
    const r = parse(raw);
    if (r.ok) this.set(key, r.value, where, layer);
    else this.issue(where, r.message);
  }

  get<K extends SettingKey>(key: K): Sourced<Settings[K]> | undefined {
    return this.values.get(key) as Sourced<Settings[K]> | undefined;
  }

  value<K extends SettingKey>(key: K): Settings[K] | undefined {
    return this.get(key)?.value;
  }

  issue(where: string, message: string): void {
    this.issues.push({ where, message });
  }
}
