/**
 * The users the gateway's REST API knows (the user RPC's table, §9):
 * registered users plus the managers and the IM admin created at start.
 */
export class UserStore {
  private readonly users = new Map<string, { nickname: string; faceURL: string }>();
  private readonly managers: ReadonlySet<string>;
  private readonly imAdmin: string;

  constructor(managerUserIDs: readonly string[], imAdminUserID: string) {
    this.managers = new Set(managerUserIDs);
    this.imAdmin = imAdminUserID;
    for (const id of [...managerUserIDs, imAdminUserID]) this.users.set(id, { nickname: id, faceURL: '' });
  }

  has(userID: string): boolean {
    return this.users.has(userID);
  }

  isManager(userID: string): boolean {
    return this.managers.has(userID);
  }

  /** §14.1: the `imAdminUserID` list of share.yml (here one ID), the only users `get_admin_token` serves. */
  isImAdmin(userID: string): boolean {
    return userID === this.imAdmin;
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
