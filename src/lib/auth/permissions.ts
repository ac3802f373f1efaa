import { ForbiddenError } from '../errors/appError';
import { sameCaller, type Caller } from '../domain/caller';

/**
 * The permissions of our API: app roles (application permissions, the `roles` claim of app-only
 * tokens) and delegated scopes (the `scp` claim of user tokens) of the same names, declared on the
 * API's app registration (infra/entra/apiApp.mjs).
 */
export const permissions = {
  invite: 'Invitations.Invite',
  read: 'Calls.Read',
  operate: 'Operations.Admin',
  /** Putting the bot into calls and taking it out: join, call people, hang up. */
  manage: 'Calls.Manage',
} as const;
export type Permission = (typeof permissions)[keyof typeof permissions];

/** A caller and what it may do. */
export interface AuthenticatedCaller {
  readonly caller: Caller;
  /** `all`: a function key (the host checked it; keys carry no permissions). */
  readonly grants: 'all' | { readonly delegated: boolean; readonly roles: ReadonlySet<string>; readonly scopes: ReadonlySet<string> };
}

/**
 * Whether the caller holds the permission: an app-only token by its `roles`, a user's token by its
 * `scp` (what the user consented the client to do; the user's own role assignments, also in
 * `roles`, do not widen what the client may do for them).
 */
export function holds(caller: AuthenticatedCaller, permission: Permission): boolean {
  if (caller.grants === 'all') return true;
  return (caller.grants.delegated ? caller.grants.scopes : caller.grants.roles).has(permission);
}

/** 403 naming the permission unless the caller holds it. */
export function requirePermission(caller: AuthenticatedCaller, permission: Permission): void {
  if (!holds(caller, permission)) throw new ForbiddenError(permission);
}

const readDenied = (detail: string) => new ForbiddenError(permissions.read, detail);

/**
 * Reading invitations: Calls.Read, or Invitations.Invite, which reads the caller's own invitations
 * only (an invite's 202 Location is polled with the inviter's token). Checked before the read.
 */
export function requireInvitationReader(caller: AuthenticatedCaller): void {
  if (holds(caller, permissions.read) || holds(caller, permissions.invite)) return;
  throw readDenied(`Reading invitations needs the app role or delegated scope ${permissions.read} (or ${permissions.invite}, for the caller's own).`);
}

/** After the read: without Calls.Read, only an invitation the same caller made. */
export function requireInvitationRead(caller: AuthenticatedCaller, invitedBy: Caller | undefined): void {
  if (holds(caller, permissions.read) || sameCaller(invitedBy, caller.caller)) return;
  throw readDenied(`This invitation was made by another caller; reading it needs the app role or delegated scope ${permissions.read}.`);
}

/**
 * Changing an invitation (cancelling it) or a subscription: its own caller, or an operator
 * (Operations.Admin). Function-key holders hold every permission.
 */
export function requireOwner(caller: AuthenticatedCaller, owner: Caller | undefined, what: string): void {
  if (holds(caller, permissions.operate) || sameCaller(owner, caller.caller)) return;
  throw new ForbiddenError(permissions.operate, `${what} was made by another caller; only its caller or an operator (${permissions.operate}) may change it.`);
}

/** Reading a call: Calls.Read, or Calls.Manage (the 202 Location of a join is polled with the joiner's token). */
export function requireCallReader(caller: AuthenticatedCaller): void {
  if (holds(caller, permissions.read) || holds(caller, permissions.manage)) return;
  throw readDenied(`Reading calls needs the app role or delegated scope ${permissions.read} (or ${permissions.manage}).`);
}
