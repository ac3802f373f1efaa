// Longer than 150 lines because the composition root: every client built once, lazily, listed in one place on purpose.
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import type { CallStore } from '../storage/callStore';
import type { CallbackTokenVerifier } from '../graph/callbackTokenVerifier';
import type { ApiAuthenticator } from '../auth/apiAuthenticator';
import type { Fetch } from '../auth/publishedKeys';
import { getConfig, resetConfig, type AppConfig } from '../config/config';
import type { GraphInviter } from '../graph/graphInviter';
import type { ParticipantRemover } from '../graph/participantRemover';
import type { CallAnswerer } from '../graph/callAnswerer';
import type { ParticipantLister } from '../graph/participantLister';
import type { InboxStore } from '../storage/inboxStore';
import type { InvitationStore } from '../storage/invitationStore';
import type { ShardLeases } from '../storage/shardLease';
import type { SweepIndex } from '../storage/sweepIndex';
import type { SweepWriteBehind } from '../storage/sweepWriteBehind';
import type { ActiveCalls } from '../storage/activeCalls';
import type { CallCreator } from '../graph/callCreator';
import type { TableAccess } from '../storage/tableAccess';
import type { Outbox } from '../storage/outbox';
import type { WebhookStore } from '../storage/webhookStore';
import type { SubscriptionCache } from '../storage/subscriptionCache';
import { ImmediateDelivery, type ImmediateFault } from './immediateDelivery';
import type { Resolve, WebhookSender } from '../webhooks/webhookSender';
import { telemetryConfig } from '../config/telemetrySettings';
import type { TelemetryPipeline } from '../telemetry/pipeline';
import { startTelemetry } from '../telemetry/startTelemetry';
import { createTelemetry, type Telemetry } from '../telemetry/telemetry';

/** The process-wide clients, built once on first use and handed to the handlers. */
export interface Services {
  readonly config: AppConfig;
  /** The table itself (health checks). */
  readonly storage: TableAccess;
  readonly calls: CallStore;
  readonly invitations: InvitationStore;
  readonly inbox: InboxStore;
  /** The sweeps' work list: open invitations, unapplied notifications, calls due for retention. */
  readonly sweeps: SweepIndex;
  /** The sweeps' bookkeeping that may follow its change by a moment (checks closed, departures checks), per shard. */
  readonly sweepWrites: SweepWriteBehind;
  /** Who works which sweep shard now (this instance's own owner id). */
  readonly leases: ShardLeases;
  readonly inviter: GraphInviter;
  /** The bot's open calls (placed, joined, answered), keyed by what asked for them. */
  readonly activeCalls: ActiveCalls;
  /** Graph's create call and hang-up. */
  readonly callCreator: CallCreator;
  /** Graph's participant: delete (removing participants, cancelling invites). */
  readonly participants: ParticipantRemover;
  /** Graph's call: answer and call: reject (calls that ring the bot). */
  readonly answerer: CallAnswerer;
  /** Graph's List participants (settling departures known only from absence). */
  readonly participantList: ParticipantLister;
  readonly verifier: CallbackTokenVerifier;
  /** Events not yet fanned out (the outbox rows), subscriptions and deliveries, and the sender. */
  readonly outbox: Outbox;
  readonly webhooks: WebhookStore;
  readonly webhookSender: WebhookSender;
  /** Who wants events: every call's subscriptions, cached with a version check; one call's, by its partition. */
  readonly subscriptions: SubscriptionCache;
  /** Delivers what a write stored right after it committed, in the background (the timer is the fallback). */
  readonly immediate: ImmediateDelivery;
  /** Who calls our API (bearer tokens, function keys), as API_AUTH_MODE says. */
  readonly callers: ApiAuthenticator;
  /** Spans, metrics and log records (docs/operations.md "Telemetry"). */
  readonly telemetry: Telemetry;
  readonly now: () => Date;
  /** The app's managed identity: its token for api://AzureADTokenExchange is the console's client assertion. */
  readonly managedIdentity: TokenCredential;
  /** How Entra's endpoints are reached (the local stack's trusts its own certificate). */
  readonly fetch: Fetch | undefined;
}

/** Seams for the local stack and tests: the Azure SDK transport, the fetch that reads signing keys, the clock. */
export interface ServiceOverrides {
  readonly httpClient?: HttpClient;
  /** Reads OpenID metadata and signing keys (the local stack's trusts its own certificate). */
  readonly fetch?: Fetch;
  readonly now?: () => Date;
  /** Resolves webhook host names (tests map names to addresses; DNS otherwise). */
  readonly resolve?: Resolve;
  /** How soon an unknown key id may refetch signing keys, Graph's and the tenants' (tests rotate keys at once). */
  readonly callbackKeysCooldownMs?: number;
  /** How long one read of signing keys may take before it counts as unavailable (default 10 s; tests of a hanging key URL shorten it). */
  readonly keysTimeoutMs?: number;
  /** Exporters that receive the app's telemetry besides (or instead of) the configured ones: the tests' in-memory ones. */
  readonly telemetry?: TelemetryPipeline;
  /** Calls whose last written state this instance keeps (0 turns the cache off). */
  readonly callCacheSize?: number;
  /** Immediate delivery's hand-off ends early as if the process died there (tests of the fallback). */
  readonly immediateFault?: () => ImmediateFault;
  /** How long the sweeps' bookkeeping waits behind its change (sweepWriteBehind.ts; tests hold it longer). */
  readonly writeBehindMs?: number;
}

/**
 * Builds the clients. The Azure SDKs, the Graph client and jose are loaded here, on first use,
 * so that registering the functions at cold start loads none of them.
 */
export async function createServices(config: AppConfig, seams: ServiceOverrides = {}, telemetry: Telemetry = createTelemetry('none')): Promise<Services> {
  // Only our own modules are imported dynamically: they load the SDKs' CommonJS builds with
  // require, the same copies everything else uses.
  const [pipeline, traced, observed, tableSpans, credentials, graph, remover, verifier, callerVerifier, authenticator, access, callStore, invitationStore, inboxStore, sweepIndex, shardLease, callCache, outbox, webhookStore, sender] = await Promise.all([
    import('@azure/core-rest-pipeline'),
    import('../telemetry/tracedHttpClient.js'),
    import('../telemetry/observedCredential.js'),
    import('../storage/tableSpanName.js'),
    import('../graph/credentials.js'),
    import('../graph/graphInviter.js'),
    import('../graph/participantRemover.js'),
    import('../graph/callbackTokenVerifier.js'),
    import('../auth/callerTokenVerifier.js'),
    import('../auth/apiAuthenticator.js'),
    import('../storage/tableAccess.js'),
    import('../storage/callStore.js'),
    import('../storage/invitationStore.js'),
    import('../storage/inboxStore.js'),
    import('../storage/sweepIndex.js'),
    import('../storage/shardLease.js'),
    import('../storage/callCache.js'),
    import('../storage/outbox.js'),
    import('../storage/webhookStore.js'),
    import('../webhooks/webhookSender.js'),
  ]);
  const [subscriptionCache, activeCalls, callCreator, writeBehind] = await Promise.all([import('../storage/subscriptionCache.js'), import('../storage/activeCalls.js'), import('../graph/callCreator.js'), import('../storage/sweepWriteBehind.js')]);
  const answerer = await import('../graph/callAnswerer.js');
  // Every Azure SDK request (Table Storage, tokens) is a span in the trace of whatever asked for it.
  const transport = seams.httpClient ?? pipeline.createDefaultHttpClient();
  const credentialOptions = { httpClient: traced.tracedHttpClient(transport, telemetry, () => 'Token request') };
  const managedIdentity = credentials.createManagedIdentityCredential(config, credentialOptions);
  const graphCredential = observed.observedCredential(credentials.createGraphCredential(config, managedIdentity, credentialOptions), 'graph', telemetry);
  const graphClient = graph.createGraphClient(config, graphCredential, telemetry);
  const storageCredential = observed.observedCredential(managedIdentity, 'storage', telemetry);
  const tableTransport = traced.tracedHttpClient(transport, telemetry, tableSpans.tableSpanName);
  const storage = new access.TableAccess(access.createTableClient(config, storageCredential, tableTransport));
  const now = seams.now ?? (() => new Date());
  const work = new access.TableAccess(access.createTableClient(config, storageCredential, tableTransport, config.sweepTableName));
  const sweeps = new sweepIndex.SweepIndex(work, storage, config.retentionDays);
  const cache = new callCache.CallCache(seams.callCacheSize);
  const lister = await import('../graph/participantLister.js');
  const subscriptions = new subscriptionCache.SubscriptionCache(storage, () => now().getTime());
  const immediate = new ImmediateDelivery(seams.immediateFault);
  const handOff = (rows: Parameters<ImmediateDelivery['handOff']>[0]) => immediate.handOff(rows);
  const services: Services = {
    config,
    storage,
    calls: new callStore.CallStore(storage, cache, sweeps, now, subscriptions, handOff),
    invitations: new invitationStore.InvitationStore(storage, cache, sweeps, now, subscriptions, handOff),
    inbox: new inboxStore.InboxStore(storage),
    sweeps,
    sweepWrites: new writeBehind.SweepWriteBehind(sweeps, now, (error, shard) =>
      // Left to the sweeps (closes) or the call's next roster or end (departures): nothing acknowledged depends on it.
      telemetry.log('warning', 'sweep bookkeeping not written; the sweeps will find it', { shard, error: error instanceof Error ? error.name : 'error' }),
      seams.writeBehindMs,
    ),
    leases: new shardLease.ShardLeases(storage, crypto.randomUUID()),
    outbox: new outbox.Outbox(storage),
    webhooks: new webhookStore.WebhookStore(storage, (due) => sweeps.schedule([sweepIndex.sweepEntry('dlv', webhookStore.webhookPartition, 'pending', due)])),
    webhookSender: sender.createWebhookSender(config.webhooks.urlPolicy, config.webhooks.timeoutMs, seams.resolve),
    subscriptions,
    immediate,
    inviter: graph.createGraphInviter(config, graphClient),
    activeCalls: new activeCalls.ActiveCalls(work),
    callCreator: callCreator.createCallCreator(config, graphClient),
    participants: remover.createParticipantRemover(config, graphClient),
    answerer: answerer.createCallAnswerer(config, graphClient),
    participantList: lister.createParticipantLister(config, graphClient),
    verifier: verifier.createCallbackTokenVerifier({ ...config.callbackAuth, refreshCooldownMs: seams.callbackKeysCooldownMs, timeoutMs: seams.keysTimeoutMs, fetch: seams.fetch }),
    callers: authenticator.createApiAuthenticator(
      config.apiAuth.mode,
      callerVerifier.createCallerTokenVerifier({ ...config.apiAuth, authorityHost: config.authorityHost, refreshCooldownMs: seams.callbackKeysCooldownMs, timeoutMs: seams.keysTimeoutMs, fetch: seams.fetch }),
    ),
    telemetry,
    now,
    managedIdentity,
    fetch: seams.fetch,
  };
  immediate.bind(services);
  return services;
}

/*
 * The composition root's state lives on globalThis: the local stack may load the bundled app
 * (dist/main.js) next to its own copy of this module, and both must see the same overrides.
 */
interface Root {
  overrides: ServiceOverrides;
  generation: number;
  /** Started once per process: the SDK's providers are global. */
  telemetry?: Promise<Telemetry>;
}
const rootKey = Symbol.for('graph-call-invites.services');
const root: Root = ((globalThis as Record<symbol, Root | undefined>)[rootKey] ??= { overrides: {}, generation: 0 });
let current: { generation: number; services: Promise<Services> } | undefined;

/** The composition root: one set of clients per process (per configuration, in tests). */
export function getServices(): Promise<Services> {
  if (current?.generation !== root.generation) {
    resetConfig();
    const services = Promise.resolve().then(async () => createServices(getConfig(), root.overrides, await getTelemetry()));
    // A failure (invalid configuration) is not cached: the next request tries again.
    services.catch(() => {
      if (current?.services === services) current = undefined;
    });
    current = { generation: root.generation, services };
  }
  return current.services;
}

/**
 * The process's telemetry, started on first use (never at registration) from the telemetry
 * settings and the overrides' pipeline. Apart from the services, so a configuration error is
 * still traced and logged.
 */
export function getTelemetry(): Promise<Telemetry> {
  root.telemetry ??= startTelemetry(telemetryConfig(), root.overrides.telemetry);
  return root.telemetry;
}

/** How long a host shutting down waits for deliveries in flight (the bookkeeping is written first). */
const drainDeliveriesMs = 5_000;

/**
 * The host is shutting down (scale-in, a deployment): writes the bookkeeping waiting behind its
 * changes and gives deliveries in flight a moment. Nothing depends on it (the sweeps and the
 * minute timer's fallback find what is left); it only makes less for them to find.
 */
export async function drainServices(): Promise<void> {
  const services = await current?.services.catch(() => undefined);
  if (!services) return;
  await services.sweepWrites.flush();
  await Promise.race([services.immediate.idle(), new Promise((resolve) => setTimeout(resolve, drainDeliveriesMs).unref())]);
}

/** Rebuilds the clients on next use, e.g. after the local stack changed the environment. */
export function useServiceOverrides(next: ServiceOverrides): void {
  root.overrides = next;
  root.generation++;
}
