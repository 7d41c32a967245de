/**
 * `--local-address a,b,…`: the source address of each new connection, taken
 * in turn. Towards one target address every source address has its own
 * ephemeral port range, so N addresses hold N times the connections
 * (design.md "Churn and the port range").
 */
export class SourceAddresses {
  private readonly all: readonly (string | undefined)[];
  private turn = 0;

  /** `list`: the validated, comma-separated `--local-address`; null = the system's choice. */
  constructor(list: string | null) {
    this.all = list === null ? [undefined] : list.split(',');
  }

  /** how many addresses take turns (1 with none given) */
  get count(): number {
    return this.all.length;
  }

  /** The next connection's source address; undefined lets the system choose. */
  next(): string | undefined {
    const a = this.all[this.turn];
    this.turn = (this.turn + 1) % this.all.length;
    return a;
  }
}

/** A dial's `localAddress` option: present only when an address was given. */
export function sourceOption(source: string | undefined): { localAddress?: string } {
  return source === undefined ? {} : { localAddress: source };
}
