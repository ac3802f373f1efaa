export default function printSeed(): void {
  console.log(`fast-check seed: ${process.env.FC_SEED ?? '20261126 (fixed; set FC_SEED to vary)'}`);
}
