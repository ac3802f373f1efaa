import type { StoredCall } from './storedCall';

/**
 * The calls this instance wrote last, each exactly as the partition was at its version (the ETag
 * of its ver row), in least-recently-used order. A copy is only ever a true past state of the
 * partition, so deciding from it and writing conditionally on its version is safe: if anyone
 * changed the call since, the write fails (412/404) and the caller reads and decides again.
 *
 * `trusted` says whether to decide from the copy without reading first. A call whose last
 * optimistic write failed is probably being written by another instance too (Graph's deliveries
 * are spread over instances), so it is read first until a read shows that no one else wrote
 * since this instance did: then optimism pays again.
 */
export interface CachedCall {
  readonly stored: StoredCall;
  readonly trusted: boolean;
}

/** About 1,000 calls: a 1,000-person call's copy is a few MB, most calls are small. */
export const defaultCallCacheSize = 1000;

export class CallCache {
  private readonly calls = new Map<string, CachedCall>();

  constructor(readonly capacity: number = defaultCallCacheSize) {}

  get(callId: string): CachedCall | undefined {
    const cached = this.calls.get(callId);
    if (cached) {
      this.calls.delete(callId);
      this.calls.set(callId, cached);
    }
    return cached;
  }

  set(callId: string, cached: CachedCall): void {
    if (this.capacity <= 0) return;
    this.calls.delete(callId);
    this.calls.set(callId, cached);
    for (const oldest of this.calls.keys()) {
      if (this.calls.size <= this.capacity) break;
      this.calls.delete(oldest);
    }
  }

  /** Another writer got there first: keep the version only, to notice when it stops. */
  distrust(callId: string): void {
    const cached = this.calls.get(callId);
    if (cached) this.calls.set(callId, { stored: cached.stored, trusted: false });
  }

  forget(callId: string): void {
    this.calls.delete(callId);
  }

  get size(): number {
    return this.calls.size;
  }
}
