import { z } from 'zod';
import { positiveInt } from './settingTypes';

/** The settings of the background sweeps (part of config.ts's schema). */
export const sweepSettings = {
  // Checks one pass of a sweep takes (split over the shards); the rest wait for the next pass.
  SWEEP_BATCH_SIZE: positiveInt(400).refine((n) => n <= 5000, { message: 'must be at most 5000' }),
  // Calls one instance works on at once in a pass (a call's checks go one after another).
  SWEEP_CONCURRENCY: positiveInt(16).refine((n) => n <= 128, { message: 'must be at most 128' }),
  // How long a run of the once-a-minute timer keeps passing over open work (a pass every 10 s);
  // 0: one pass. Under the timer's 60 s so a run never outlasts its interval.
  SWEEP_RUN_SECONDS: z.coerce.number().int().min(0).max(45).default(40),
};

const schema = z.object(sweepSettings);

export interface SweepConfig {
  readonly batchSize: number;
  readonly concurrency: number;
  readonly runMs: number;
}

export function sweepConfig(s: z.infer<typeof schema>): SweepConfig {
  return { batchSize: s.SWEEP_BATCH_SIZE, concurrency: s.SWEEP_CONCURRENCY, runMs: s.SWEEP_RUN_SECONDS * 1000 };
}
