// Longer than 150 lines because every setting's schema in one place on purpose (infra/ and docs/settings.md are checked against it).
import { z } from 'zod';
import { ConfigError } from '../errors/appError';
import { apiAuthConfig, apiAuthProblems, apiAuthSettings, type ApiAuthConfig } from './apiAuthSettings';
import { environment } from './environment';
import { csv, httpUrl, positiveInt } from './settingTypes';
import { sweepConfig, sweepSettings, type SweepConfig } from './sweepSettings';
import { webhookConfig, webhookSettings, type WebhookConfig } from './webhookSettings';
import { incomingCallConfig, incomingCallSettings, type IncomingCallConfig } from './incomingCallSettings';

/**
 * Every setting the app reads. The keys are the app setting names; infra/ sets exactly these
 * (a test compares the two lists), so add a setting here and in the Bicep together.
 */
const settingsSchema = z
  .object({
    STORAGE_TABLE_ENDPOINT: httpUrl.optional(),
    STORAGE_CONNECTION_STRING: z.string().min(1).optional(),
    TABLE_NAME: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]{2,56}$/, 'must be 3-57 letters or digits, starting with a letter (the sweeps table adds "sweeps")')
      .default('callinvitations'),
    MANAGED_IDENTITY_CLIENT_ID: z.string().min(1).optional(),
    GRAPH_AUTH_MODE: z.enum(['federatedBot', 'managedIdentity']).default('federatedBot'),
    BOT_APP_ID: z.string().min(1),
    BOT_TENANT_ID: z.string().min(1).optional(),
    GRAPH_BASE_URL: httpUrl.default('https://graph.microsoft.com/v1.0'),
    GRAPH_SCOPE: z.string().min(1).default('https://graph.microsoft.com/.default'),
    // Bounds a whole invite request (retries and Retry-After waits included): well under Power
    // Automate's 120 s action limit, with room for storage and a waiting duplicate's claim.
    GRAPH_TIMEOUT_MS: positiveInt(30_000).refine((ms) => ms <= 90_000, { message: "must be at most 90000 (Power Automate's actions time out at 120 s)" }),
    GRAPH_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
    ENTRA_AUTHORITY_HOST: httpUrl.default('https://login.microsoftonline.com'),
    CALLBACK_OPENID_METADATA_URL: httpUrl.default(
      'https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration',
    ),
    CALLBACK_TOKEN_ISSUERS: csv.default(['https://graph.microsoft.com', 'https://api.botframework.com']),
    CALLBACK_TOKEN_AUDIENCE: z.string().min(1).optional(),
    PUBLIC_BASE_URL: httpUrl.optional(),
    WEBSITE_HOSTNAME: z.string().min(1).optional(),
    INVITATION_TIMEOUT_SECONDS: positiveInt(120).refine((s) => s > 60, {
      message: "must be longer than Graph's 60 s ring timeout",
    }),
    STATUS_RETRY_AFTER_SECONDS: positiveInt(5),
    // A call the bot placed or joined that is not established by then (still establishing, or
    // held in the meeting's lobby) is hung up and reported failed.
    CALL_ESTABLISH_TIMEOUT_SECONDS: positiveInt(300),
    RETENTION_DAYS: positiveInt(30),
    // Telemetry (telemetrySettings.ts reads these; validated here with the rest).
    TELEMETRY_SAMPLING_RATIO: z.coerce.number().gt(0).lte(1).default(1),
    OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
    TELEMETRY_CONSOLE: z.enum(['true', 'false']).optional(),
    ...apiAuthSettings,
    ...webhookSettings,
    ...incomingCallSettings,
    ...sweepSettings,
  });

/** Rules across settings, checked on the raw values so they are reported with the others. */
function crossSettingProblems(raw: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (!raw.STORAGE_TABLE_ENDPOINT && !raw.STORAGE_CONNECTION_STRING) {
    problems.push('STORAGE_TABLE_ENDPOINT: set STORAGE_TABLE_ENDPOINT (Azure) or STORAGE_CONNECTION_STRING (local)');
  }
  if ((raw.GRAPH_AUTH_MODE ?? 'federatedBot') === 'federatedBot' && !raw.BOT_TENANT_ID) {
    problems.push('BOT_TENANT_ID: required when GRAPH_AUTH_MODE is federatedBot');
  }
  if (!raw.PUBLIC_BASE_URL && !raw.WEBSITE_HOSTNAME) {
    problems.push('PUBLIC_BASE_URL: set PUBLIC_BASE_URL (or run where WEBSITE_HOSTNAME is set)');
  }
  return [...problems, ...apiAuthProblems(raw)];
}

/** The names of all settings the configuration module reads. */
export const settingNames = Object.keys(settingsSchema.shape) as readonly string[];

/** Set by the platform (WEBSITE_HOSTNAME) or only used locally: the Bicep does not set these. */
const notDeployed = new Set(['WEBSITE_HOSTNAME', 'STORAGE_CONNECTION_STRING', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'TELEMETRY_CONSOLE']);

/** The settings infra/ must set on the function app (a test compares them with the template). */
export const deployedSettingNames = settingNames.filter((name) => !notDeployed.has(name));

export interface AppConfig {
  readonly storage:
    | { readonly kind: 'endpoint'; readonly endpoint: string }
    | { readonly kind: 'connectionString'; readonly connectionString: string };
  readonly tableName: string;
  /** The sweeps' work list (open invitations, unapplied notifications): TABLE_NAME + "sweeps". */
  readonly sweepTableName: string;
  readonly managedIdentityClientId: string | undefined;
  readonly graph: {
    readonly authMode: 'federatedBot' | 'managedIdentity';
    readonly baseUrl: string;
    readonly scope: string;
    readonly timeoutMs: number;
    readonly maxRetries: number;
  };
  readonly bot: { readonly appId: string; readonly tenantId: string | undefined };
  readonly authorityHost: string;
  readonly callbackAuth: {
    readonly metadataUrl: string;
    readonly issuers: readonly string[];
    readonly audience: string;
  };
  readonly publicBaseUrl: string;
  readonly invitationTimeoutSeconds: number;
  readonly statusRetryAfterSeconds: number;
  /** How long a placed or joined call may take to be established (lobby included) before the bot hangs up. */
  readonly callEstablishTimeoutSeconds: number;
  /** Calls unchanged for this long are deleted by the daily purge. */
  readonly retentionDays: number;
  /** How callers of our API authenticate, and whose tokens are accepted. */
  readonly apiAuth: ApiAuthConfig;
  /** Subscriptions' deliveries: the URLs allowed, time limit, retries. */
  readonly webhooks: WebhookConfig;
  /** What to do with calls that ring the bot (incomingCallSettings.ts). */
  readonly incomingCalls: IncomingCallConfig;
  readonly sweeps: SweepConfig;
}

/** Validates the raw environment; throws a ConfigError naming every setting that is wrong. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const present = Object.fromEntries(
    settingNames.filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]),
  );
  const parsed = settingsSchema.safeParse(present);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`)),
    ...crossSettingProblems(present),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const s = parsed.data;
  return {
    storage: s.STORAGE_TABLE_ENDPOINT
      ? { kind: 'endpoint', endpoint: s.STORAGE_TABLE_ENDPOINT }
      : { kind: 'connectionString', connectionString: s.STORAGE_CONNECTION_STRING ?? '' },
    tableName: s.TABLE_NAME,
    sweepTableName: `${s.TABLE_NAME}sweeps`,
    managedIdentityClientId: s.MANAGED_IDENTITY_CLIENT_ID,
    graph: {
      authMode: s.GRAPH_AUTH_MODE,
      baseUrl: s.GRAPH_BASE_URL,
      scope: s.GRAPH_SCOPE,
      timeoutMs: s.GRAPH_TIMEOUT_MS,
      maxRetries: s.GRAPH_MAX_RETRIES,
    },
    bot: { appId: s.BOT_APP_ID, tenantId: s.BOT_TENANT_ID },
    authorityHost: s.ENTRA_AUTHORITY_HOST,
    callbackAuth: {
      metadataUrl: s.CALLBACK_OPENID_METADATA_URL,
      issuers: s.CALLBACK_TOKEN_ISSUERS,
      audience: s.CALLBACK_TOKEN_AUDIENCE ?? s.BOT_APP_ID,
    },
    publicBaseUrl: s.PUBLIC_BASE_URL ?? `https://${s.WEBSITE_HOSTNAME}`,
    invitationTimeoutSeconds: s.INVITATION_TIMEOUT_SECONDS,
    statusRetryAfterSeconds: s.STATUS_RETRY_AFTER_SECONDS,
    callEstablishTimeoutSeconds: s.CALL_ESTABLISH_TIMEOUT_SECONDS,
    retentionDays: s.RETENTION_DAYS,
    apiAuth: apiAuthConfig(s, s.BOT_TENANT_ID),
    webhooks: webhookConfig(s),
    incomingCalls: incomingCallConfig(s, s.BOT_TENANT_ID),
    sweeps: sweepConfig(s),
  };
}

let cached: AppConfig | undefined;

/** The process's configuration, read from the environment once. */
export function getConfig(): AppConfig {
  cached ??= loadConfig(environment());
  return cached;
}

/** Forget the cached configuration (tests and the local stack change the environment). */
export function resetConfig(): void {
  cached = undefined;
}
