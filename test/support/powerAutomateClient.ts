import { setTimeout as sleep } from 'node:timers/promises';

/** What the flow saw: the final answer, and how it got there. */
export interface ActionResult {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly posts: number;
  readonly polls: number;
  readonly locations: readonly string[];
}

function retryAfterMs(response: Response, fallbackSeconds: number): number {
  const value = Number(response.headers.get('retry-after'));
  return (Number.isFinite(value) && value >= 0 ? value : fallbackSeconds) * 1000;
}

/**
 * Behaves like Power Automate's HTTP action: the POST is re-sent on 429/5xx (its default retry
 * policy, 4 retries, honouring Retry-After); a 202 with Location is polled with GET, waiting
 * Retry-After between polls, until an answer that is not 202.
 */
export async function runHttpAction(url: string, body: unknown, options: { maxPolls?: number; headers?: Record<string, string> } = {}): Promise<ActionResult> {
  // The action's authentication (Active Directory OAuth, or a key header) goes with every request.
  const auth = options.headers ?? {};
  let posts = 0;
  let response: Response;
  for (;;) {
    posts++;
    response = await fetch(url, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const retryable = response.status === 429 || response.status >= 500;
    if (!retryable || posts > 4) break;
    await response.arrayBuffer();
    await sleep(retryAfterMs(response, 2 ** posts));
  }
  let polls = 0;
  const locations: string[] = [];
  while (response.status === 202 && response.headers.get('location')) {
    const location = response.headers.get('location') ?? '';
    locations.push(location);
    const wait = retryAfterMs(response, 5);
    await response.arrayBuffer();
    if (++polls > (options.maxPolls ?? 60)) throw new Error('the flow would still be polling');
    await sleep(wait);
    response = await fetch(location, { headers: auth });
  }
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, posts, polls, locations };
}
