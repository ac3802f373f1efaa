import { GraphError as GraphClientError, type Client } from '@microsoft/microsoft-graph-client';
import type { AppConfig } from '../config/config';
import { boundedRequest, isNotSent } from './graphInviter';
import { jsonOf, rejectionOf, type GraphRejection } from './graphRejection';

/** What became of one participant: delete. */
export type RemoveResult =
  /** 204: removed from the call, or its outstanding invite cancelled. */
  | { readonly kind: 'removed'; readonly graphRequestId: string | undefined }
  /** Graph answered with an error (404: no such participant, or the call ended). */
  | GraphRejection
  /** No answer (timeout, connection lost, no token): it may or may not have happened; a retry is harmless. */
  | { readonly kind: 'failed'; readonly reason: string };

export interface ParticipantRemover {
  /** DELETE /communications/calls/{callId}/participants/{participantId}, within GRAPH_TIMEOUT_MS. */
  remove(callId: string, participantId: string): Promise<RemoveResult>;
}

/**
 * Graph's participant: delete. Unlike an invite, a delete is idempotent (deleting a participant
 * twice leaves the call as once), so 429/503 are retried like the invite's, and an ambiguous
 * failure is simply reported: the caller repeats it.
 */
export function createParticipantRemover(config: AppConfig, client: Client): ParticipantRemover {
  return {
    async remove(callId, participantId) {
      const path = `/communications/calls/${encodeURIComponent(callId)}/participants/${encodeURIComponent(participantId)}`;
      const limitMs = config.graph.timeoutMs;
      let response: Response;
      try {
        response = (await boundedRequest(client, path, config.graph.maxRetries, limitMs).delete()) as Response;
      } catch (error) {
        if (isNotSent(error)) return { kind: 'failed', reason: (error as Error).message };
        return { kind: 'failed', reason: error instanceof GraphClientError ? (error.code ?? 'request failed') : 'request failed' };
      }
      const graphRequestId = response.headers.get('request-id') ?? undefined;
      const body = await jsonOf(response);
      if (response.ok) return { kind: 'removed', graphRequestId };
      return rejectionOf(response, body, graphRequestId);
    },
  };
}
