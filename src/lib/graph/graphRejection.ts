import { graphErrorInfo } from './graphErrorBody';

/** Graph answered with an error: its status, innermost code and message, request id and Retry-After. */
export interface GraphRejection {
  readonly kind: 'rejected';
  readonly status: number;
  readonly code: string | undefined;
  readonly message: string;
  readonly graphRequestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
}

function retryAfterOf(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : undefined;
}

/** A response body as a JSON object, or undefined (empty, not JSON, not an object). */
export async function jsonOf(response: Response): Promise<Record<string, unknown> | undefined> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** What an error answer of Graph says (graphErrorBody.ts reads the JSON Graph nests in messages). */
export function rejectionOf(response: Response, body: Record<string, unknown> | undefined, graphRequestId: string | undefined): GraphRejection {
  const error = graphErrorInfo(body, graphRequestId);
  return {
    kind: 'rejected',
    status: response.status,
    code: error.code,
    message: error.message?.slice(0, 500) ?? `Graph answered ${response.status}`,
    graphRequestId: error.requestId,
    retryAfterSeconds: retryAfterOf(response),
  };
}
