import { shardCount, shards, type SweepEntry, type SweepKind } from '../storage/sweepIndex';
import { limiter } from './limiter';
import type { Services } from './services';

export interface PassReport {
  /** Due checks taken by this pass. */
  readonly taken: number;
  /** Some shard gave a full batch: more may be due now (the next pass takes them). */
  readonly more: boolean;
  /** Shards another runner was working (skipped by this one). */
  readonly held: number;
  /** What failed (a call's checks, a shard's lease or query); the rest of the pass still ran. */
  readonly failures: readonly unknown[];
}

/** A pass stops starting work after this (the run's end when given): under the timer's 60 s. */
export const passBudgetMs = 45_000;

/**
 * One pass of a sweep over every shard. Each shard is worked under its lease (shardLease.ts), so
 * two runners (instances, or a run that overlaps the next) never work one check at once; a shard
 * held by another runner is skipped. Each shard gives at most SWEEP_BATCH_SIZE / 8 due checks,
 * oldest first; a call's checks run one after another (they write the same partition), calls side
 * by side, at most SWEEP_CONCURRENCY at once on this instance; no call is started after `stopAt`
 * (real time, ms), and what is left waits for the next pass.
 */
export async function sweepShards(services: Services, kind: SweepKind, work: (callEntries: readonly SweepEntry[]) => Promise<void>, stopAt = Date.now() + passBudgetMs): Promise<PassReport> {
  const { batchSize, concurrency } = services.config.sweeps;
  const perShard = Math.ceil(batchSize / shardCount);
  const limit = limiter(concurrency);
  const failures: unknown[] = [];
  let taken = 0;
  let more = false;
  let held = 0;
  const now = services.now();
  // Held past the pass for one more task's worst case (a send within GRAPH_TIMEOUT_MS), then free.
  const until = new Date(now.getTime() + Math.max(0, stopAt - Date.now()) + services.config.graph.timeoutMs + 30_000);
  await Promise.all(
    shards.map(async (shard) => {
      try {
        const lease = await services.leases.acquire(shard, kind, now, until);
        if (!lease) {
          held++;
          return;
        }
        try {
          const due = await services.sweeps.dueIn(kind, shard, now, perShard);
          taken += due.length;
          more ||= due.length >= perShard;
          const byCall = Map.groupBy(due, (e) => e.callId);
          await Promise.all(
            [...byCall.values()].map((entries) =>
              limit(async () => {
                if (Date.now() >= stopAt) {
                  more = true;
                  return;
                }
                await work(entries).catch((error: unknown) => failures.push(error));
              }),
            ),
          );
        } finally {
          await services.leases.release(lease);
        }
      } catch (error) {
        failures.push(error);
      }
    }),
  );
  return { taken, more, held, failures };
}
