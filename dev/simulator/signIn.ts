import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { CallerTokens } from './callerTokens';
import type { IdentitySettings, SimResponse } from './identityProvider';
import { signToken, verifyToken, type SigningKey } from './signingKeys';

/** A person who can sign in here, and the delegated scopes an administrator granted them on our API. */
export interface SignInUser {
  readonly userName: string;
  readonly displayName: string;
  readonly objectId: string;
  readonly scopes: readonly string[];
}

interface IssuedCode {
  readonly user: SignInUser;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly codeChallenge: string;
  readonly nonce: string | undefined;
  readonly expiresAt: number;
}

const exchangeAudience = 'api://AzureADTokenExchange';
const codeLifetimeMs = 10 * 60 * 1000;
const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fail = (error: string, description: string, status = 400): SimResponse => ({ status, body: { error, error_description: description } });

/**
 * Entra ID's authorization code flow for the API's own registration (the operator console is that
 * client): `/authorize` shows a sign-in page listing the local users (no password: choosing one signs
 * in), then redirects to a registered redirect URI with a one-time code and the state; the token
 * endpoint redeems the code only with the PKCE verifier (S256) and, instead of a secret, a client
 * assertion that is the managed identity's token for `api://AzureADTokenExchange` (the federated
 * identity credential). The access token carries the requested scopes the user was granted (`scp`);
 * the ID token the nonce. Tokens live `tokenLifetimeSeconds` (tests shorten it).
 */
export class SignIn {
  readonly users = new Map<string, SignInUser>();
  /** The web platform's redirect URIs of the API registration (the console's sign-in route). */
  readonly redirectUris = new Set<string>();
  /** Codes redeemed: each only once, as Entra does. */
  readonly redemptions: string[] = [];
  tokenLifetimeSeconds = 3600;
  private readonly codes = new Map<string, IssuedCode>();

  constructor(
    private readonly key: SigningKey,
    private readonly settings: IdentitySettings,
    private readonly callers: CallerTokens,
    private readonly authority: () => string,
  ) {}

  addUser(userName: string, displayName: string, scopes: readonly string[]): SignInUser {
    const user = { userName, displayName, objectId: randomUUID(), scopes };
    this.users.set(userName, user);
    return user;
  }

  private check(params: URLSearchParams): string | undefined {
    if (params.get('client_id') !== this.callers.api.clientId) return 'AADSTS700016: Application not found in the directory.';
    if (!this.redirectUris.has(params.get('redirect_uri') ?? '')) return 'AADSTS50011: The redirect URI does not match the redirect URIs configured for the application.';
    if (params.get('response_type') !== 'code') return 'AADSTS70005: response_type must be code.';
    if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge')) return 'AADSTS9002325: Proof Key for Code Exchange is required (S256).';
    return undefined;
  }

  /** GET /authorize: the sign-in page; each user is a button posting the request back with their name. */
  authorizePage(url: URL): SimResponse {
    const problem = this.check(url.searchParams);
    if (problem) return { status: 400, headers: { 'content-type': 'text/html; charset=utf-8' }, text: `<!doctype html><p>${escape(problem)}</p>` };
    const hidden = [...url.searchParams].map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join('');
    const buttons = [...this.users.values()]
      .map((u) => `<li><button type="submit" name="login_hint" value="${escape(u.userName)}">${escape(u.displayName)} <small>${escape(u.userName)}</small></button></li>`)
      .join('');
    const text = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in (local Entra ID)</title></head>
<body><main><h1>Sign in</h1><p>The local stack's Entra ID: pick an account (no password here).</p>
<form method="post" action="${escape(url.pathname)}">${hidden}<ul>${buttons}</ul></form></main></body></html>`;
    return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, text };
  }

  /** POST /authorize (the page's form): issues a code for the chosen user and redirects with it. */
  authorizeSubmit(form: URLSearchParams): SimResponse {
    const problem = this.check(form);
    if (problem) return fail('invalid_request', problem);
    const user = this.users.get(form.get('login_hint') ?? '');
    if (!user) return fail('invalid_request', 'AADSTS50034: The user account does not exist in this directory.');
    const code = randomBytes(32).toString('base64url');
    const requested = (form.get('scope') ?? '').split(' ').filter((s) => s !== '');
    this.codes.set(code, {
      user,
      clientId: form.get('client_id') ?? '',
      redirectUri: form.get('redirect_uri') ?? '',
      scopes: requested,
      codeChallenge: form.get('code_challenge') ?? '',
      nonce: form.get('nonce') ?? undefined,
      expiresAt: Date.now() + codeLifetimeMs,
    });
    const target = new URL(form.get('redirect_uri') ?? '');
    target.searchParams.set('code', code);
    const state = form.get('state');
    if (state !== null) target.searchParams.set('state', state);
    target.searchParams.set('session_state', randomUUID());
    return { status: 302, headers: { location: target.toString() } };
  }

  /** The token endpoint's authorization_code grant. */
  async redeem(form: URLSearchParams): Promise<SimResponse> {
    const code = form.get('code') ?? '';
    const issued = this.codes.get(code);
    this.codes.delete(code);
    if (!issued || issued.expiresAt < Date.now()) return fail('invalid_grant', 'AADSTS70008: The provided authorization code or refresh token has expired or was already redeemed.');
    this.redemptions.push(issued.user.userName);
    if (form.get('client_id') !== issued.clientId) return fail('invalid_client', 'AADSTS700016: client_id does not match the code.');
    if (form.get('redirect_uri') !== issued.redirectUri) return fail('invalid_grant', 'AADSTS50148: The redirect_uri does not match the one of the authorization request.');
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== issued.codeChallenge) return fail('invalid_grant', 'AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.');
    if (form.get('client_secret')) return fail('invalid_client', 'no secrets here');
    const assertion = form.get('client_assertion') ?? '';
    const claims = assertion ? await verifyToken(this.key, assertion, exchangeAudience) : undefined;
    if (!claims || claims.sub !== this.settings.managedIdentityPrincipalId) {
      return fail('invalid_client', 'AADSTS70021: No matching federated identity record found for presented assertion.', 401);
    }
    const api = this.callers.api;
    const granted = issued.scopes.filter((s) => s.startsWith(`${api.appIdUri}/`)).map((s) => s.slice(api.appIdUri.length + 1)).filter((s) => issued.user.scopes.includes(s));
    const now = Math.floor(Date.now() / 1000);
    const lifetime = { exp: now + this.tokenLifetimeSeconds };
    const names = { name: issued.user.displayName, preferred_username: issued.user.userName };
    const accessToken = await this.callers.sign({ appId: issued.clientId, userId: issued.user.objectId, scopes: granted, claims: { ...names, ...lifetime } });
    const tid = this.settings.tenantId;
    const idToken = await signToken(
      this.key,
      { iss: `${this.authority()}/${tid}/v2.0`, aud: issued.clientId, tid, oid: issued.user.objectId, sub: issued.user.objectId, ...names, ...(issued.nonce ? { nonce: issued.nonce } : {}) },
      this.tokenLifetimeSeconds,
    );
    return {
      status: 200,
      body: { token_type: 'Bearer', scope: granted.map((s) => `${api.appIdUri}/${s}`).join(' '), expires_in: this.tokenLifetimeSeconds, access_token: accessToken, id_token: idToken },
    };
  }
}
