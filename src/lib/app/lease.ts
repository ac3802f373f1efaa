import type { Services } from './services';

/** How long a claim owns a row: the Graph time limit plus room for the token and the writes. */
export const leaseMs = (services: Services): number => services.config.graph.timeoutMs + 10_000;
