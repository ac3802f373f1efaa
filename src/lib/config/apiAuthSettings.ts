import { z } from 'zod';
import { apiAuthModes, defaultApiAuthMode, type ApiAuthMode } from './apiAuthMode';
import { csv, guid } from './settingTypes';

/** The settings of caller authentication (part of config.ts's schema). */
export const apiAuthSettings = {
  API_AUTH_MODE: z.enum(apiAuthModes).default(defaultApiAuthMode),
  // The API's app registration: its client id (the audience of v2 tokens) and application ID URI
  // (the audience of v1 tokens, and the resource callers ask tokens for).
  API_CLIENT_ID: z.string().regex(guid, 'must be the client id (a GUID) of the API app registration').optional(),
  API_APP_ID_URI: z.string().min(1).optional(),
  API_ALLOWED_TENANTS: csv.refine((ids) => ids.every((id) => guid.test(id)), { message: 'must be tenant ids (GUIDs), comma-separated' }).optional(),
};

const schema = z.object(apiAuthSettings);
type ApiAuthSettings = z.infer<typeof schema>;

export interface ApiAuthConfig {
  readonly mode: ApiAuthMode;
  /** Accepted `aud` values: the application ID URI and the client id. */
  readonly audiences: readonly string[];
  /** Tenants whose tokens are accepted (the `tid` claim and the issuer). */
  readonly tenants: readonly string[];
  /** The application ID URI: the resource callers ask tokens for. */
  readonly appIdUri: string | undefined;
  /** The API registration's client id (also the operator console's client). */
  readonly clientId: string | undefined;
}

/** Rules across settings, on the raw values (reported with the others). */
export function apiAuthProblems(raw: Record<string, string | undefined>): string[] {
  if (raw.API_AUTH_MODE === 'functionKey') return [];
  const problems: string[] = [];
  if (!raw.API_CLIENT_ID) problems.push("API_CLIENT_ID: required unless API_AUTH_MODE is functionKey (the API app registration's client id)");
  if (!raw.API_ALLOWED_TENANTS && !raw.BOT_TENANT_ID) problems.push('API_ALLOWED_TENANTS: required unless API_AUTH_MODE is functionKey or BOT_TENANT_ID is set');
  return problems;
}

export function apiAuthConfig(s: ApiAuthSettings, botTenantId: string | undefined): ApiAuthConfig {
  const appIdUri = s.API_APP_ID_URI ?? (s.API_CLIENT_ID ? `api://${s.API_CLIENT_ID}` : undefined);
  return {
    mode: s.API_AUTH_MODE,
    audiences: [appIdUri, s.API_CLIENT_ID].filter((a): a is string => a !== undefined),
    tenants: s.API_ALLOWED_TENANTS ?? (botTenantId ? [botTenantId] : []),
    appIdUri,
    clientId: s.API_CLIENT_ID,
  };
}
