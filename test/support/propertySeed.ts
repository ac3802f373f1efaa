import fc from 'fast-check';

/*
 * Property tests are reproducible: one seed for every property in the run, fixed unless
 * FC_SEED is set (hunting for new cases: FC_SEED=$RANDOM npm test). A failure prints the seed
 * and the counterexample's path, so the case replays with the same FC_SEED.
 */
export const seed = process.env.FC_SEED === undefined ? 20261126 : Number(process.env.FC_SEED);
if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${process.env.FC_SEED}`);
fc.configureGlobal({ seed });
