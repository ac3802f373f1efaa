import { GraphError as GraphClientError, type Client } from '@microsoft/microsoft-graph-client';
import type { AppConfig } from '../config/config';
import { boundedRequest, isNotSent } from './graphInviter';
import { jsonOf, rejectionOf, type GraphRejection } from './graphRejection';

/** What became of one answer or reject request. */
export type AnswerResult =
  /** 202: Graph took it; the call's notifications say what follows. */
  | { readonly kind: 'accepted'; readonly graphRequestId: string | undefined }
  | GraphRejection
  /** No answer (timeout, connection lost, no token). */
  | { readonly kind: 'failed'; readonly reason: string };

export interface CallAnswerer {
  /** POST /communications/calls/{id}/answer: service-hosted media, audio, our callback. */
  answer(callId: string): Promise<AnswerResult>;
  /** POST /communications/calls/{id}/reject with Graph's reason (busy, forbidden, none). */
  reject(callId: string, reason: 'busy' | 'forbidden' | 'none'): Promise<AnswerResult>;
}

/**
 * The callback must respond to the incoming notification within 5 s and the call be answered
 * within 15 s (call: answer docs; comms-samples #191): the request, retries included, ends well
 * within the first.
 */
export const answerLimitMs = 4_000;

/** The callback route Graph posts notifications to (src/functions/callback.ts). */
export const callbackUriOf = (config: AppConfig): string => `${config.publicBaseUrl}/api/callback`;

export function createCallAnswerer(config: AppConfig, client: Client): CallAnswerer {
  const send = async (callId: string, action: 'answer' | 'reject', body: Record<string, unknown>): Promise<AnswerResult> => {
    const path = `/communications/calls/${encodeURIComponent(callId)}/${action}`;
    let response: Response;
    try {
      // Plain JSON: a serializer's $id/$values metadata gets a 400 (comms-samples #546).
      response = (await boundedRequest(client, path, config.graph.maxRetries, Math.min(answerLimitMs, config.graph.timeoutMs)).post(body)) as Response;
    } catch (error) {
      if (isNotSent(error)) return { kind: 'failed', reason: (error as Error).message };
      return { kind: 'failed', reason: error instanceof GraphClientError ? (error.code ?? 'request failed') : 'request failed' };
    }
    const graphRequestId = response.headers.get('request-id') ?? undefined;
    const json = await jsonOf(response);
    return response.ok ? { kind: 'accepted', graphRequestId } : rejectionOf(response, json, graphRequestId);
  };
  return {
    answer: (callId) =>
      send(callId, 'answer', {
        callbackUri: callbackUriOf(config),
        acceptedModalities: ['audio'],
        mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
      }),
    reject: (callId, reason) => send(callId, 'reject', { reason }),
  };
}
