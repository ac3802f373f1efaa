import type { Meter } from '@opentelemetry/api';

/** What became of a notification item: the fold's results, plus the inbox's and the replay's. */
export type NotificationResult = 'applied' | 'unchanged' | 'unmatched' | 'ignored' | 'inboxed' | 'deadLettered' | 'replayed';
export type CallbackAuthFailure = 'missingToken' | 'invalidToken' | 'keysUnavailable';
/** Whose token could not be had: Graph's (the bot's), storage's or the managed identity's own. */
export type TokenTarget = 'graph' | 'storage';

/**
 * The app's metrics (docs/operations.md "Telemetry"). Attributes are low-cardinality by design: outcomes,
 * reasons, status codes; never a call id (that is what spans and logs are for).
 */
export interface AppMetrics {
  /** An invitation reached its outcome; `seconds` from the invite to it. */
  invitationOutcome(outcome: string, reason: string, seconds: number | undefined): void;
  notification(result: NotificationResult, kind: string, count?: number): void;
  /** One HTTP answer from Graph (every attempt, retried ones included). */
  graphResponse(status: number, graphErrorCode: string | undefined): void;
  callbackAuthFailure(reason: CallbackAuthFailure): void;
  tokenFailure(target: TokenTarget): void;
  /** Open invitations a sweep found past their deadline by more than a sweep's interval: ones it could not close. */
  overdueInvitations(count: number): void;
}

/** Graph's answer in the classes the alerts watch: throttling, refusals (7503), server errors. */
export function graphAnswerClass(status: number, graphErrorCode: string | undefined): string {
  if (status === 429 || status === 503) return 'throttled';
  if (status === 403 && graphErrorCode === '7503') return 'botNotRegistered';
  if (status >= 500) return 'serverError';
  if (status >= 400) return 'refused';
  return 'ok';
}

/** Seconds, in buckets around Graph's ~60 s ring timeout and our deadline (120 s by default). */
const outcomeBuckets = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600];

export function createAppMetrics(meter: Meter): AppMetrics {
  const outcomes = meter.createCounter('invitations.outcomes', { description: 'Invitations that reached an outcome, by outcome and reason' });
  const timeToOutcome = meter.createHistogram('invitations.time_to_outcome', {
    description: 'Time from the invite request to the invitation outcome',
    unit: 's',
    advice: { explicitBucketBoundaries: outcomeBuckets },
  });
  const notifications = meter.createCounter('notifications.items', { description: 'Notification items by what became of them' });
  const graphResponses = meter.createCounter('graph.responses', { description: "Microsoft Graph's HTTP answers by status" });
  const callbackAuth = meter.createCounter('callback.auth_failures', { description: 'Callback requests refused before their body was read' });
  const tokens = meter.createCounter('tokens.failures', { description: 'Access tokens that could not be acquired' });
  const overdue = meter.createGauge('invitations.overdue', { description: 'Open invitations past their deadline that an earlier sweep should have closed' });
  return {
    invitationOutcome(outcome, reason, seconds) {
      outcomes.add(1, { outcome, reason });
      if (seconds !== undefined && seconds >= 0) timeToOutcome.record(seconds, { outcome, reason });
    },
    notification(result, kind, count = 1) {
      if (count > 0) notifications.add(count, { result, kind });
    },
    graphResponse(status, graphErrorCode) {
      graphResponses.add(1, { status, class: graphAnswerClass(status, graphErrorCode), ...(graphErrorCode ? { graphErrorCode } : {}) });
    },
    callbackAuthFailure(reason) {
      callbackAuth.add(1, { reason });
    },
    tokenFailure(target) {
      tokens.add(1, { target });
    },
    overdueInvitations(count) {
      overdue.record(count);
    },
  };
}
