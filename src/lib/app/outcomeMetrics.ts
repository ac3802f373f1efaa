import type { TimelineEvent } from '../domain/timeline';
import type { Telemetry } from '../telemetry/telemetry';

/**
 * Counts the invitation outcomes among `events` (written already) and times them from their
 * invite; each is also a log record, so "what did Graph say, when, for which call" is one query.
 */
export function recordOutcomes(telemetry: Telemetry, callId: string, events: readonly TimelineEvent[]): void {
  for (const event of events) {
    if (event.kind !== 'invitationOutcome') continue;
    const reason = event.reason ?? 'unknown';
    telemetry.metrics.invitationOutcome(event.status, reason, event.seconds);
    telemetry.log(event.status === 'failed' ? 'warning' : 'information', 'invitation outcome', {
      callId,
      clientContext: event.clientContext,
      outcome: event.status,
      reason,
      ...(event.code !== undefined ? { code: event.code } : {}),
      ...(event.subcode !== undefined ? { subcode: event.subcode } : {}),
      seconds: event.seconds,
    });
  }
}
