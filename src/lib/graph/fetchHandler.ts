import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/** Error names the Graph client keeps (as GraphError.code) when a request fails without a response. */
export const notSentErrorName = 'GraphRequestNotSent';

/** An error that tells the inviter the request never left this process. */
export function notSent(message: string): Error {
  const error = new Error(message);
  error.name = notSentErrorName;
  return error;
}

const connectFailures = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET_BEFORE_SEND']);

function causeCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/**
 * The last middleware: sends the request with an injectable fetch (the transport seam). A
 * connection that was never made is reported under its own error name, because only then is it
 * certain that Graph did not receive the invite.
 */
export class FetchHandler implements Middleware {
  constructor(private readonly fetchImpl: typeof fetch = fetch) {}

  async execute(context: Context): Promise<void> {
    // The time limit ran out while a retry waited: this attempt never leaves the process.
    if ((context.options?.signal as AbortSignal | undefined)?.aborted) throw notSent('Graph time limit reached before sending');
    try {
      context.response = await this.fetchImpl(context.request, context.options as RequestInit);
    } catch (error) {
      const code = causeCode(error);
      if (code !== undefined && connectFailures.has(code)) {
        throw notSent(`Graph could not be reached (${code})`);
      }
      throw error;
    }
  }
}
