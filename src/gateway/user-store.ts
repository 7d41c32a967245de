/**
 * The users the gateway's REST API knows (the user RPC's table, §9):
 * registered users plus the managers and the IM admin created at start.
 */
export class UserStore {
  private readonly users = new Map<string, { nickname: string; faceURL: string }>();
  private readonly managers: ReadonlySet<string>;

  constructor(managerUserIDs: readonly string[], imAdminUserID: string) {
    this.managers = new Set(managerUserIDs);
    for (const id of [...managerUserIDs, imAdminUserID]) this.users.set(id, { nickname: id, faceURL: '' });
  }

  has(userID: string): boolean {
    return this.users.has(userID);
  }

  isManager(userID: string): boolean {
    return this.managers.has(userID);
  }

  /** Adds a user; false when already registered. */
  add(userID: string, nickname: string, faceURL: string): boolean {
    if (this.users.has(userID)) return false;
    this.users.set(userID, { nickname, faceURL });
    return true;
  }

  get size(): number {
    return this.users.size;
  }
}
