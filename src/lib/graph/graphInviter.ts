import {
  Client,
  GraphError as GraphClientError,
  ResponseType,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';
import type { TokenCredential } from '@azure/identity';
import { BearerTokenHandler } from './bearerTokenHandler';
import { FetchHandler, notSentErrorName } from './fetchHandler';
import { graphErrorInfo } from './graphErrorBody';
import type { AppConfig } from '../config/config';
import type { InvitationParticipantInfo } from './inviteRequest';
import { normalizeId } from '../domain/ids';

/** What became of one invite request to Graph. */
export type InviteResult =
  | { readonly kind: 'accepted'; readonly operationId: string | undefined; readonly graphRequestId: string | undefined }
  /** Graph answered and refused; nothing was invited. */
  | {
      readonly kind: 'rejected';
      readonly status: number;
      readonly code: string | undefined;
      readonly message: string;
      readonly graphRequestId: string | undefined;
      readonly retryAfterSeconds: number | undefined;
    }
  /** The request may or may not have reached Graph (timeout, 5xx, connection reset after sending). */
  | { readonly kind: 'unknown'; readonly reason: string; readonly graphRequestId: string | undefined }
  /** The request certainly did not leave this process (connection refused, DNS failure). */
  | { readonly kind: 'notSent'; readonly reason: string };

export interface GraphInviter {
  invite(callId: string, participants: readonly InvitationParticipantInfo[], clientContext: string): Promise<InviteResult>;
}

/*
 * Retry policy. Graph says 429 and 503 mean "not processed, come back after Retry-After", so the
 * RetryHandler repeats those with the same clientContext. 504, other 5xx and timeouts are
 * ambiguous: the invite may already be ringing, and a second POST would ring twice. Those are
 * never retried; the invitation stays open and its outcome arrives by notification or timeout.
 */
const retryable = new Set([429, 503]);

export function createGraphClient(config: AppConfig, credential: TokenCredential, fetchImpl?: typeof fetch): Client {
  const auth = new BearerTokenHandler(credential, config.graph.scope, config.graph.baseUrl);
  const retry = new RetryHandler(
    new RetryHandlerOptions(1, config.graph.maxRetries, (_delay, _attempt, _request, _options, response) =>
      retryable.has(response.status),
    ),
  );
  auth.setNext(retry);
  retry.setNext(new FetchHandler(fetchImpl));
  // The client joins base URL and version itself; it only parses full URLs for https Graph hosts.
  const base = new URL(config.graph.baseUrl);
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl: base.origin,
    defaultVersion: base.pathname.replace(/^\/+|\/+$/g, ''),
  });
}

function retryAfterOf(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : undefined;
}

async function jsonOf(response: Response): Promise<Record<string, unknown> | undefined> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isNotSent(error: unknown): boolean {
  return error instanceof GraphClientError && error.code === notSentErrorName;
}

export function createGraphInviter(config: AppConfig, client: Client): GraphInviter {
  return {
    async invite(callId, participants, clientContext) {
      const path = `/communications/calls/${encodeURIComponent(callId)}/participants/invite`;
      let response: Response;
      try {
        response = (await client
          .api(path)
          .responseType(ResponseType.RAW)
          .option('signal', AbortSignal.timeout(config.graph.timeoutMs))
          .post({ participants, clientContext })) as Response;
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
        return { kind: 'accepted', operationId: operationId ? normalizeId(operationId) : undefined, graphRequestId };
      }
      const error = graphErrorInfo(body, graphRequestId);
      if (response.status >= 500 && !retryable.has(response.status)) {
        return { kind: 'unknown', reason: `Graph answered ${response.status}`, graphRequestId: error.requestId };
      }
      return {
        kind: 'rejected',
        status: response.status,
        code: error.code,
        message: error.message?.slice(0, 500) ?? `Graph answered ${response.status}`,
        graphRequestId: error.requestId,
        retryAfterSeconds: retryAfterOf(response),
      };
    },
  };
}
