import type { Client } from '@microsoft/microsoft-graph-client';
import type { AppConfig } from '../config/config';
import type { IncomingParticipant } from '../domain/notification';
import { boundedRequest } from './graphInviter';
import { jsonOf, rejectionOf, type GraphRejection } from './graphRejection';
import { parseIncomingParticipant } from './incomingParticipant';

/** What Graph's List participants answered. */
export type ListResult =
  /** 200: who is in the call (or its lobby) now. */
  | { readonly kind: 'listed'; readonly participants: readonly IncomingParticipant[] }
  /** Graph answered with an error (404: the call has ended). */
  | GraphRejection
  /** No answer (timeout, connection lost, no token): nothing is known. */
  | { readonly kind: 'failed'; readonly reason: string };

export interface ParticipantLister {
  /** GET /communications/calls/{callId}/participants, within GRAPH_TIMEOUT_MS. */
  list(callId: string): Promise<ListResult>;
}

/**
 * Graph's List participants (v1.0: a collection of participant objects in `value`; application
 * permission Calls.Initiate.All, checked when the call was created; not for peer-to-peer calls).
 * A read, so 429/503 are retried like the other requests.
 */
export function createParticipantLister(config: AppConfig, client: Client): ParticipantLister {
  return {
    async list(callId) {
      const path = `/communications/calls/${encodeURIComponent(callId)}/participants`;
      let response: Response;
      try {
        response = (await boundedRequest(client, path, config.graph.maxRetries, config.graph.timeoutMs).get()) as Response;
      } catch (error) {
        return { kind: 'failed', reason: error instanceof Error ? error.name : 'request failed' };
      }
      const graphRequestId = response.headers.get('request-id') ?? undefined;
      const body = await jsonOf(response);
      if (!response.ok) return rejectionOf(response, body, graphRequestId);
      const value = Array.isArray(body?.value) ? body.value : [];
      const participants = value.flatMap((v: unknown) => {
        const parsed = parseIncomingParticipant(v, { removed: false });
        return parsed ? [parsed] : [];
      });
      return { kind: 'listed', participants };
    },
  };
}
