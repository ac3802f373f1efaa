import { z } from 'zod';
import { positiveInt } from './settingTypes';

/** The settings of webhook deliveries (part of config.ts's schema). */
export const webhookSettings = {
  // public: https to public addresses only (Azure). localStack: also http, to loopback only.
  WEBHOOK_URL_POLICY: z.enum(['public', 'localStack']).default('public'),
  // One attempt (connect, send, answer) may take this long.
  WEBHOOK_TIMEOUT_MS: positiveInt(10_000).refine((ms) => ms <= 30_000, { message: 'must be at most 30000' }),
  WEBHOOK_RETRY_BASE_SECONDS: positiveInt(30),
  WEBHOOK_RETRY_MAX_SECONDS: positiveInt(3600),
  // A delivery is retried this long after its first attempt, then dead-lettered.
  WEBHOOK_RETRY_WINDOW_MINUTES: positiveInt(24 * 60),
  // Work of one pass of the webhook fallback (the minute timer's job): events fanned out, attempts made.
  WEBHOOK_BATCH_SIZE: positiveInt(100).refine((n) => n <= 1000, { message: 'must be at most 1000' }),
  // Attempts (and outbox rows fanned out) in flight at once per instance, in a run and right after a change.
  WEBHOOK_CONCURRENCY: positiveInt(16).refine((n) => n <= 100, { message: 'must be at most 100' }),
};

const schema = z.object(webhookSettings);

export interface WebhookConfig {
  readonly urlPolicy: 'public' | 'localStack';
  readonly timeoutMs: number;
  readonly retry: { readonly baseDelayMs: number; readonly maxDelayMs: number; readonly windowMs: number };
  readonly batchSize: number;
  readonly concurrency: number;
}

export function webhookConfig(s: z.infer<typeof schema>): WebhookConfig {
  return {
    urlPolicy: s.WEBHOOK_URL_POLICY,
    timeoutMs: s.WEBHOOK_TIMEOUT_MS,
    retry: { baseDelayMs: s.WEBHOOK_RETRY_BASE_SECONDS * 1000, maxDelayMs: s.WEBHOOK_RETRY_MAX_SECONDS * 1000, windowMs: s.WEBHOOK_RETRY_WINDOW_MINUTES * 60_000 },
    batchSize: s.WEBHOOK_BATCH_SIZE,
    concurrency: s.WEBHOOK_CONCURRENCY,
  };
}
