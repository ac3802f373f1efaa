import { describe, expect, it } from 'vitest';
import { callerOf } from '../../../src/lib/auth/callerTokenVerifier';
import { holds, requireInvitationRead, requireInvitationReader, requirePermission, type AuthenticatedCaller } from '../../../src/lib/auth/permissions';
import { functionKeyCaller } from '../../../src/lib/domain/caller';
import { ForbiddenError, UnauthorizedError } from '../../../src/lib/errors/appError';

const tid = 'aa67bd4c-8475-432d-bd41-39f255720e0a';

describe('who a verified token speaks for (callerOf)', () => {
  it('app-only: the client (azp in v2, appid in v1) with its roles', () => {
    expect(callerOf({ azp: 'bot', oid: 'sp', sub: 'sp', roles: ['Calls.Read'], idtyp: 'app' }, tid)).toEqual({
      caller: { kind: 'application', id: 'bot', tenantId: tid, appId: 'bot' },
      grants: { delegated: false, roles: new Set(['Calls.Read']), scopes: new Set() },
    });
    expect(callerOf({ appid: 'daemon', oid: 'sp', roles: ['Invitations.Invite'] }, tid).caller).toEqual({ kind: 'application', id: 'daemon', tenantId: tid, appId: 'daemon' });
  });

  it('a user through a client: the object id and the scopes; idtyp decides, else the presence of scp', () => {
    const user = callerOf({ azp: 'connector', oid: 'ada', scp: 'Invitations.Invite Calls.Read', idtyp: 'user' }, tid);
    expect(user.caller).toEqual({ kind: 'user', id: 'ada', tenantId: tid, appId: 'connector' });
    expect(user.grants).toEqual({ delegated: true, roles: new Set(), scopes: new Set(['Invitations.Invite', 'Calls.Read']) });
    expect(callerOf({ appid: 'connector', oid: 'ada', scp: 'Calls.Read' }, tid).caller.kind).toBe('user');
    // idtyp user without any scope: a user who may do nothing, whatever roles the token lists.
    const noScope = callerOf({ azp: 'c', oid: 'ada', idtyp: 'user', roles: ['Operations.Admin'] }, tid);
    expect(holds(noScope, 'Operations.Admin')).toBe(false);
  });

  it('refuses a token that names no client, or a user token without an object id', () => {
    expect(() => callerOf({ oid: 'x', roles: ['Calls.Read'] }, tid)).toThrow(UnauthorizedError);
    expect(() => callerOf({ azp: 'c', scp: 'Calls.Read' }, tid)).toThrow(/object id/);
  });
});

describe('permissions', () => {
  const app = (roles: string[]): AuthenticatedCaller => ({ caller: { kind: 'application', id: 'a', tenantId: tid, appId: 'a' }, grants: { delegated: false, roles: new Set(roles), scopes: new Set(['Calls.Read']) } });
  const keyHolder: AuthenticatedCaller = { caller: functionKeyCaller, grants: 'all' };

  it('roles for applications, scopes for users, everything for a key holder', () => {
    expect(holds(app(['Calls.Read']), 'Calls.Read')).toBe(true);
    // An app-only token's scp (there should be none) grants nothing.
    expect(holds(app([]), 'Calls.Read')).toBe(false);
    expect(holds(keyHolder, 'Operations.Admin')).toBe(true);
  });

  it('403 names the missing permission', () => {
    expect(() => requirePermission(app(['Calls.Read']), 'Invitations.Invite')).toThrow(ForbiddenError);
    try {
      requirePermission(app([]), 'Operations.Admin');
    } catch (error) {
      expect(error).toMatchObject({ status: 403, extensions: { requiredRole: 'Operations.Admin' }, challenge: 'Bearer error="insufficient_scope", scope="Operations.Admin"' });
    }
  });

  it("Invitations.Invite reads the caller's own invitations; Calls.Read reads all", () => {
    const inviter = app(['Invitations.Invite']);
    expect(() => requireInvitationReader(inviter)).not.toThrow();
    expect(() => requireInvitationReader(app([]))).toThrow(ForbiddenError);
    expect(() => requireInvitationRead(inviter, inviter.caller)).not.toThrow();
    expect(() => requireInvitationRead(inviter, { ...inviter.caller, id: 'someone else' })).toThrow(/another caller/);
    expect(() => requireInvitationRead(inviter, undefined)).toThrow(ForbiddenError);
    expect(() => requireInvitationRead(app(['Calls.Read']), undefined)).not.toThrow();
  });
});
