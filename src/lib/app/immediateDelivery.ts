import type { CommittedRow } from '../storage/outbox';
import type { Telemetry } from '../telemetry/telemetry';
import { deliverNow, type Services, type WebhookLog } from './webhookDispatcher';

/** How the hand-off ends early; only tests and the local stack set it (a crash at a point). */
export type ImmediateFault = 'none' | 'dieAfterCommit' | 'dieAfterAttempt';

/**
 * Immediate delivery (docs/architecture.md "Webhook delivery"): the rows a write stored are handed here after its
 * transaction committed, and delivered in the background of this process; the request that wrote
 * them (Graph's callback) answers without waiting. Nothing depends on it finishing: the outbox row
 * and its check are stored, so if this process dies, is frozen or is too busy, the minute
 * timer's webhook job takes them (the check, due outboxFallbackMs after the change, is a row of the
 * sweeps table its marker query finds; this finishes before). At most `maxInFlight` hand-offs run at once; more are left to the timer.
 */
export class ImmediateDelivery {
  private services: (Services & { readonly telemetry: Telemetry }) | undefined;
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly fault: () => ImmediateFault = () => 'none',
    private readonly maxInFlight = 64,
  ) {}

  /** The services it delivers with (built after the stores that hand off to it). */
  bind(services: Services & { readonly telemetry: Telemetry }): void {
    this.services = services;
  }

  handOff(rows: readonly CommittedRow[]): void {
    const services = this.services;
    const fault = this.fault();
    if (!services || rows.length === 0 || fault === 'dieAfterCommit' || this.running.size >= this.maxInFlight) return;
    const log: WebhookLog = {
      info: () => {},
      warn: (message, fields) => services.telemetry.log('warning', message, fields),
    };
    const work = deliverNow(services, rows, log, { finish: fault !== 'dieAfterAttempt' }).catch((error: unknown) => {
      // Left to the timer; nothing is lost (the outbox row, its check and any claimed delivery are stored).
      services.telemetry.log('warning', 'immediate webhook delivery stopped; the timer will finish it', { error: error instanceof Error ? error.name : 'error' });
    });
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /** Resolves when every hand-off started so far has finished (tests, and a host shutting down). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
