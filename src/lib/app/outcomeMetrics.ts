import type { TimelineEvent } from '../domain/timeline';
import type { Telemetry } from '../telemetry/telemetry';

/** Counts the invitation outcomes among `events` (written already) and times them from their invite. */
export function recordOutcomes(telemetry: Telemetry, events: readonly TimelineEvent[]): void {
  for (const event of events) {
    if (event.kind === 'invitationOutcome') telemetry.metrics.invitationOutcome(event.status, event.reason ?? 'unknown', event.seconds);
  }
}
