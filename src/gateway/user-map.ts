/**
 * The gateway's user map: userID → the clients registered for it (§7.1).
 *
 * Mirrors v3.5.1 `user_map.go`: a lookup filtered by platform, appends on
 * set, and deletion **by remote address** (§7.3) — read through the client
 * object at deletion time, so a pooled object that was reset for another
 * connection no longer matches its old entry (§13).
 */

/** What the map needs to know of a client. */
export interface MappedClient {
  readonly userID: string;
  readonly platformID: number;
  readonly remoteAddr: string;
}

/** One change of a user's online state on a platform (v3.8's `UserState`, §7.9). */
export interface UserStateChange {
  readonly userID: string;
  readonly online: readonly number[];
  readonly offline: readonly number[];
}

export class UserMap<C extends MappedClient> {
  private readonly m = new Map<string, C[]>();

  /** Called after every set/delete with the platforms that went on- or offline (v3.8 mode listens). */
  onChange: ((change: UserStateChange) => void) | null = null;

  /** `Get(userID, platformID)`: same-platform clients, whether the user exists, whether any client matched. */
  get(userID: string, platformID: number): { clients: C[]; userOK: boolean; clientOK: boolean } {
    const all = this.m.get(userID);
    if (all === undefined) return { clients: [], userOK: false, clientOK: false };
    const clients = all.filter((c) => c.platformID === platformID);
    return { clients, userOK: true, clientOK: clients.length > 0 };
  }

  /** Every client of a user (for pushes). */
  getAll(userID: string): readonly C[] {
    return this.m.get(userID) ?? [];
  }

  /** `Set`: append. */
  set(userID: string, client: C): void {
    const all = this.m.get(userID);
    if (all === undefined) this.m.set(userID, [client]);
    else all.push(client);
    this.onChange?.({ userID, online: [client.platformID], offline: [] });
  }

  /** `delete(userID, remoteAddr)`: drop every client whose *current* remote address matches; true when the user is gone. */
  delete(userID: string, remoteAddr: string): boolean {
    return this.deleteWhere(userID, (c) => c.remoteAddr === remoteAddr);
  }

  /** `deleteClients(userID, clients)`: by the clients' remote addresses (§6.3 step 1). */
  deleteClients(userID: string, clients: readonly C[]): boolean {
    const addrs = new Set(clients.map((c) => c.remoteAddr));
    return this.deleteWhere(userID, (c) => addrs.has(c.remoteAddr));
  }

  /** Distinct users present. */
  get userCount(): number {
    return this.m.size;
  }

  /** Entries (connections) present. */
  get entryCount(): number {
    let n = 0;
    for (const all of this.m.values()) n += all.length;
    return n;
  }

  /** A snapshot for the REST online-status view. */
  entries(): IterableIterator<[string, readonly C[]]> {
    return this.m.entries();
  }

  private deleteWhere(userID: string, match: (c: C) => boolean): boolean {
    const all = this.m.get(userID);
    if (all === undefined) return false;
    const kept: C[] = [];
    const offline: number[] = [];
    for (const c of all) {
      if (match(c)) offline.push(c.platformID);
      else kept.push(c);
    }
    if (kept.length === 0) this.m.delete(userID);
    else this.m.set(userID, kept);
    if (offline.length > 0) this.onChange?.({ userID, online: [], offline });
    return kept.length === 0;
  }
}
