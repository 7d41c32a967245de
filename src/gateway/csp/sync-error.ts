/**
 * Misuse of a sync primitive, which Go reports as a fatal error or panic:
 * "sync: unlock of unlocked mutex", "sync: negative WaitGroup counter".
 */
export class SyncError extends Error {
  constructor(
    readonly code: 'UNLOCK_OF_UNLOCKED_MUTEX' | 'NEGATIVE_WAITGROUP_COUNTER' | 'INVALID_WAITGROUP_DELTA',
    message: string,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}
