import { seed } from './propertySeed';

export default function printSeed(): void {
  console.log(`fast-check seed: ${seed}${process.env.FC_SEED === undefined ? ' (fixed; set FC_SEED to vary)' : ''}`);
}
