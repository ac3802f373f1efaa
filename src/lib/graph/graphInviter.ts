import {
  Client,
  GraphError as GraphClientError,
  type GraphRequest,
  ResponseType,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';
import type { TokenCredential } from '@azure/identity';
import { BearerTokenHandler } from './bearerTokenHandler';
import { FetchHandler, notSentErrorName } from './fetchHandler';
import { jsonOf, rejectionOf, type GraphRejection } from './graphRejection';
import { GraphTelemetryHandler } from './graphTelemetryHandler';
import type { Telemetry } from '../telemetry/telemetry';
import type { AppConfig } from '../config/config';
import type { InvitationParticipantInfo } from './inviteRequest';
import { normalizeId } from '../domain/ids';
import { invitedParticipantIds } from './invitedParticipantIds';

/** What became of one invite request to Graph. */
export type InviteResult =
  | {
      readonly kind: 'accepted';
      readonly operationId: string | undefined;
      readonly graphRequestId: string | undefined;
      /** Participant ids Graph's answer gave the invitees, by identity key (invitedParticipantIds.ts). */
      readonly participantIds: ReadonlyMap<string, string>;
    }
  /** Graph answered and refused; nothing was invited. */
  | GraphRejection
  /** The request may or may not have reached Graph (timeout, 5xx, connection reset after sending). */
  | { readonly kind: 'unknown'; readonly reason: string; readonly graphRequestId: string | undefined }
  /** The request certainly did not leave this process (connection refused, DNS failure). */
  | { readonly kind: 'notSent'; readonly reason: string };

export interface GraphInviter {
  /** budgetMs bounds the whole request: every attempt and every Retry-After wait in between. */
  invite(callId: string, participants: readonly InvitationParticipantInfo[], clientContext: string, budgetMs: number): Promise<InviteResult>;
}

/*
 * Retry policy. Graph says 429 and 503 mean "not processed, come back after Retry-After", so the
 * RetryHandler repeats those with the same clientContext. 504, other 5xx and timeouts are
 * ambiguous: the invite may already be ringing, and a second POST would ring twice. Those are
 * never retried; the invitation stays open and its outcome arrives by notification or timeout.
 */
export const retryable = new Set([429, 503]);

/** Seconds the RetryHandler will sleep before the next attempt: Graph's Retry-After, else its backoff. */
function plannedDelaySeconds(response: Response, attempt: number): number {
  const header = response.headers.get('retry-after');
  if (header !== null) {
    const seconds = Number(header);
    return Number.isNaN(seconds) ? (new Date(header).getTime() - Date.now()) / 1000 : seconds;
  }
  // RetryHandler 3.0.x without Retry-After: delay (1 s) + up to 1 s, plus (2^n - 1) / 2 from the second retry.
  return 2 + 0.5 * (2 ** (attempt + 1) - 1);
}

/**
 * The RetryHandler (3.0.x) sleeps min(Retry-After, 180 s) and does not watch the abort signal
 * while it sleeps, so one invite could outlive Power Automate's 120 s action limit. Per request,
 * its shouldRetry option refuses a retry whose wait would not end before the time limit: the
 * answer is then Graph's 429/503 with its Retry-After, passed on to the caller at once.
 */
function retryWithin(maxRetries: number, deadline: number): RetryHandlerOptions {
  return new RetryHandlerOptions(1, maxRetries, (_delay, attempt, _request, _options, response) =>
    retryable.has(response.status) && Date.now() + plannedDelaySeconds(response, attempt) * 1000 < deadline,
  );
}

/** A raw request to `path` whose retries and Retry-After waits all end within `limitMs`. */
export function boundedRequest(client: Client, path: string, maxRetries: number, limitMs: number): GraphRequest {
  return client
    .api(path)
    .responseType(ResponseType.RAW)
    .middlewareOptions([retryWithin(maxRetries, Date.now() + limitMs)])
    .option('signal', AbortSignal.timeout(limitMs));
}

export function createGraphClient(config: AppConfig, credential: TokenCredential, telemetry: Telemetry, fetchImpl?: typeof fetch): Client {
  const auth = new BearerTokenHandler(credential, config.graph.scope, config.graph.baseUrl);
  // Every request passes its own retryWithin(...); this default only serves requests that do not.
  const retry = new RetryHandler(retryWithin(config.graph.maxRetries, Number.POSITIVE_INFINITY));
  // A span and a count per attempt, under the retries.
  const observe = new GraphTelemetryHandler(telemetry);
  auth.setNext(retry);
  retry.setNext(observe);
  observe.setNext(new FetchHandler(fetchImpl));
  // The client joins base URL and version itself; it only parses full URLs for https Graph hosts.
  const base = new URL(config.graph.baseUrl);
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl: base.origin,
    defaultVersion: base.pathname.replace(/^\/+|\/+$/g, ''),
  });
}

export function isNotSent(error: unknown): boolean {
  return error instanceof GraphClientError && error.code === notSentErrorName;
}

export function createGraphInviter(config: AppConfig, client: Client): GraphInviter {
  return {
    async invite(callId, participants, clientContext, budgetMs) {
      const path = `/communications/calls/${encodeURIComponent(callId)}/participants/invite`;
      const limitMs = Math.max(1, Math.min(budgetMs, config.graph.timeoutMs));
      let response: Response;
      try {
        response = (await boundedRequest(client, path, config.graph.maxRetries, limitMs).post({ participants, clientContext })) as Response;
      } catch (error) {
        if (isNotSent(error)) return { kind: 'notSent', reason: (error as Error).message };
        const reason = error instanceof GraphClientError ? (error.code ?? 'request failed') : 'request failed';
        return { kind: 'unknown', reason, graphRequestId: undefined };
      }
      const graphRequestId = response.headers.get('request-id') ?? undefined;
      const body = await jsonOf(response);
      if (response.ok) {
        const fromBody = typeof body?.id === 'string' && body.id !== '' ? body.id : undefined;
        const fromLocation = response.headers.get('location')?.split('/').pop();
        const operationId = fromBody ?? (fromLocation ? decodeURIComponent(fromLocation) : undefined);
        return { kind: 'accepted', operationId: operationId ? normalizeId(operationId) : undefined, graphRequestId, participantIds: invitedParticipantIds(body) };
      }
      const rejection = rejectionOf(response, body, graphRequestId);
      if (response.status >= 500 && !retryable.has(response.status)) {
        return { kind: 'unknown', reason: `Graph answered ${response.status}`, graphRequestId: rejection.graphRequestId };
      }
      return rejection;
    },
  };
}
