import { GraphError as GraphClientError, type Client } from '@microsoft/microsoft-graph-client';
import type { AppConfig } from '../config/config';
import { normalizeId } from '../domain/ids';
import { boundedRequest, isNotSent, retryable } from './graphInviter';
import { jsonOf, rejectionOf, type GraphRejection } from './graphRejection';

/** What became of one create call. */
export type CreateCallResult =
  /** 201: the call exists, establishing; its notifications go to the callback. */
  | { readonly kind: 'created'; readonly callId: string; readonly myParticipantId: string | undefined; readonly state: string | undefined; readonly graphRequestId: string | undefined }
  | GraphRejection
  /** No answer, or a 5xx: the call may or may not exist. */
  | { readonly kind: 'unknown'; readonly reason: string; readonly graphRequestId: string | undefined }
  /** The request certainly did not leave this process (connection refused, no token). */
  | { readonly kind: 'notSent'; readonly reason: string };

export type HangUpResult = { readonly kind: 'hungUp'; readonly graphRequestId: string | undefined } | GraphRejection | { readonly kind: 'failed'; readonly reason: string };

export interface CallCreator {
  /** POST /communications/calls within `budgetMs` (429/503 retried, as for invites; nothing else). */
  create(body: Record<string, unknown>, budgetMs: number): Promise<CreateCallResult>;
  /** DELETE /communications/calls/{id}: Graph answers 204 and sends the call's deleted notification. */
  hangUp(callId: string): Promise<HangUpResult>;
}

/*
 * Graph's create call has no idempotency key: a second POST is a second call (a second bot in the
 * meeting). So, as for invites, only 429/503 (Graph did not process it) are retried; a timeout or
 * other 5xx is reported as unknown and never repeated here.
 */
export function createCallCreator(config: AppConfig, client: Client): CallCreator {
  return {
    async create(body, budgetMs) {
      const limitMs = Math.max(1, Math.min(budgetMs, config.graph.timeoutMs));
      let response: Response;
      try {
        response = (await boundedRequest(client, '/communications/calls', config.graph.maxRetries, limitMs).post(body)) as Response;
      } catch (error) {
        if (isNotSent(error)) return { kind: 'notSent', reason: (error as Error).message };
        return { kind: 'unknown', reason: error instanceof GraphClientError ? (error.code ?? 'request failed') : 'request failed', graphRequestId: undefined };
      }
      const graphRequestId = response.headers.get('request-id') ?? undefined;
      const json = await jsonOf(response);
      if (response.ok) {
        const id = typeof json?.id === 'string' && json.id !== '' ? json.id : undefined;
        if (!id) return { kind: 'unknown', reason: `Graph answered ${response.status} without a call id`, graphRequestId };
        const me = typeof json?.myParticipantId === 'string' && json.myParticipantId !== '' ? normalizeId(json.myParticipantId) : undefined;
        return { kind: 'created', callId: normalizeId(id), myParticipantId: me, state: typeof json?.state === 'string' ? json.state : undefined, graphRequestId };
      }
      const rejection = rejectionOf(response, json, graphRequestId);
      if (response.status >= 500 && !retryable.has(response.status)) return { kind: 'unknown', reason: `Graph answered ${response.status}`, graphRequestId: rejection.graphRequestId };
      return rejection;
    },
    async hangUp(callId) {
      let response: Response;
      try {
        response = (await boundedRequest(client, `/communications/calls/${encodeURIComponent(callId)}`, config.graph.maxRetries, config.graph.timeoutMs).delete()) as Response;
      } catch (error) {
        return { kind: 'failed', reason: error instanceof GraphClientError ? (error.code ?? 'request failed') : 'request failed' };
      }
      const graphRequestId = response.headers.get('request-id') ?? undefined;
      const json = await jsonOf(response);
      if (response.ok) return { kind: 'hungUp', graphRequestId };
      return rejectionOf(response, json, graphRequestId);
    },
  };
}
