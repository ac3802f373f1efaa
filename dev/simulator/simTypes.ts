/** Types the simulator's parts share (apart, so callerTokens.ts and identityProvider.ts need not import each other). */
export interface IdentitySettings {
  readonly tenantId: string;
  readonly botAppId: string;
  readonly managedIdentityClientId: string;
  readonly managedIdentityPrincipalId: string;
}

export interface SimResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** Fault injection: never answer, or close the connection without an answer. */
  readonly fault?: 'hang' | 'drop';
}

/** One create call Graph received (callCreation.ts) and its answer's status and call id. */
export interface CreateRecord {
  readonly status: number;
  readonly callId?: string;
  readonly body: Record<string, unknown>;
}
