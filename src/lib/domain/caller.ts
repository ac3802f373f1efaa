/**
 * Who called our API: an application acting as itself (a bot, a daemon, a managed identity: its
 * app id), a user through a client app (the user's object id; `appId` the client, e.g. the Power
 * Automate connector), or someone holding a function key (who, the key cannot say).
 */
export type CallerKind = 'application' | 'user' | 'functionKey';

export interface Caller {
  readonly kind: CallerKind;
  /** The application's client id, or the user's object id. */
  readonly id: string | undefined;
  readonly tenantId: string | undefined;
  /** The client application that holds the token (for an application, its own id). */
  readonly appId: string | undefined;
}

export const functionKeyCaller: Caller = { kind: 'functionKey', id: undefined, tenantId: undefined, appId: undefined };

/** The same principal (kind, id and tenant); function-key callers are never told apart. */
export function sameCaller(a: Caller | undefined, b: Caller): boolean {
  return a !== undefined && a.kind !== 'functionKey' && a.kind === b.kind && a.id === b.id && a.tenantId === b.tenantId;
}
