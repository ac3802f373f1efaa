import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { IdentityProvider, type IdentitySettings, type SimResponse } from './identityProvider';
import { signToken, verifyToken, type SigningKey } from './signingKeys';
import { SimulatedCall, type NotificationItem, type ResultInfo } from './simulatedCall';

export type InviteeBehaviour = 'answer' | 'decline' | 'noAnswer' | 'silent';

/** What the simulated world does next; tests and the local stack change it between steps. */
export interface Scenario {
  behaviour: InviteeBehaviour;
  /** Per invitee id (user id, phone number...): overrides behaviour. */
  behaviourFor: Record<string, InviteeBehaviour>;
  ringMs: number;
  duplicate: boolean;
  shuffle: boolean;
  legacyShapes: boolean;
  /** The next n invite requests answer 429 with Retry-After. */
  throttle: number;
  /** The next invite request answers with this error once. */
  failNext: { status: number; code: string; message: string; headers?: Record<string, string> } | undefined;
  /** Keep notifications instead of sending them, until release() sends them in any order. */
  hold: boolean;
  /** The next n accepted invites ring, but the HTTP answer never comes (hang) or the connection drops. */
  hangNext: number;
  dropNext: number;
  /** The callback's OpenID configuration and keys are unreachable. */
  signingKeysDown: boolean;
}

export const defaultScenario = (): Scenario => ({
  behaviour: 'answer',
  behaviourFor: {},
  ringMs: 50,
  duplicate: false,
  shuffle: false,
  legacyShapes: false,
  throttle: 0,
  failNext: undefined,
  hold: false,
  hangNext: 0,
  dropNext: 0,
  signingKeysDown: false,
});

export interface Delivery {
  readonly callId: string;
  readonly status: number;
  readonly items: readonly NotificationItem[];
}

const outcomes: Record<Exclude<InviteeBehaviour, 'answer' | 'silent'>, ResultInfo> = {
  decline: { code: 603, subcode: 10_003, message: 'The callee declined the call.' },
  noAnswer: { code: 480, subcode: 10_076, message: 'The callee could not be reached.' },
};

function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}): SimResponse {
  const requestId = randomUUID();
  return {
    status,
    headers: { 'request-id': requestId, ...headers },
    body: { error: { code, message, innerError: { 'request-id': requestId, 'client-request-id': randomUUID(), date: new Date().toISOString() } } },
  };
}

function firstIdentityId(identity: Record<string, unknown>): string | undefined {
  for (const value of Object.values(identity)) {
    const id = (value as { id?: unknown } | null)?.id;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

/**
 * Microsoft Graph's calling surface as our app sees it: participant invite with token checks,
 * active calls whose notifications are signed and POSTed to the callback, and scenario controls.
 */
export class GraphSimulator {
  readonly calls = new Map<string, SimulatedCall>();
  readonly deliveries: Delivery[] = [];
  readonly invites: { callId: string; clientContext: string; status: number }[] = [];
  scenario: Scenario = defaultScenario();
  /** App ids whose tokens Graph accepts for calling (the bot's registration, with calling enabled). */
  readonly registeredAppIds: Set<string>;
  private readonly queues = new Map<string, Promise<void>>();
  /** Notifications kept back while scenario.hold is set, per call, in the order Graph produced them. */
  readonly held = new Map<string, NotificationItem[]>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    readonly identity: IdentityProvider,
    readonly settings: IdentitySettings,
    private readonly entraKey: SigningKey,
    private readonly callbackKey: SigningKey,
    readonly baseUrl: () => string,
  ) {
    this.registeredAppIds = new Set([settings.botAppId]);
  }

  /** Starts a call the bot is in; its notifications go to callbackUrl. */
  createCall(callbackUrl: string, callId: string = randomUUID()): SimulatedCall {
    const call = new SimulatedCall(callId, callbackUrl, this.settings.botAppId);
    this.calls.set(callId, call);
    this.deliver(call, [call.state('established', this.shape), call.roster(this.shape)]);
    return call;
  }

  endCall(callId: string): void {
    const call = this.calls.get(callId);
    if (!call?.active) return;
    call.active = false;
    this.deliver(call, [call.state('terminated', this.shape)]);
  }

  leave(callId: string, participantId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    call.leave(participantId);
    this.deliver(call, [call.roster(this.shape)]);
  }

  private get shape() {
    return { legacy: this.scenario.legacyShapes };
  }

  async invite(callId: string, authorization: string | undefined, body: unknown): Promise<SimResponse> {
    const b = body as { participants?: unknown; clientContext?: unknown } | undefined;
    const clientContext = typeof b?.clientContext === 'string' ? b.clientContext : '';
    const record = (status: number) => this.invites.push({ callId, clientContext, status });
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const claims = token ? await verifyToken(this.entraKey, token, 'https://graph.microsoft.com') : undefined;
    if (!claims) return (record(401), graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.'));
    if (typeof claims.appid !== 'string' || !this.registeredAppIds.has(claims.appid)) {
      record(403);
      return graphError(403, '7503', 'Application is not registered in our store.');
    }
    if (this.scenario.throttle > 0) {
      this.scenario.throttle--;
      record(429);
      return graphError(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': '1' });
    }
    if (this.scenario.failNext) {
      const f = this.scenario.failNext;
      this.scenario.failNext = undefined;
      record(f.status);
      return graphError(f.status, f.code, f.message, f.headers);
    }
    const call = this.calls.get(callId);
    if (!call?.active) return (record(404), graphError(404, 'itemNotFound', 'The call was not found or has ended.'));
    const participants = Array.isArray(b?.participants) ? (b.participants as { identity?: Record<string, unknown> }[]) : [];
    if (participants.length < 1 || participants.length > 5 || participants.some((p) => !p.identity) || clientContext.length > 256) {
      return (record(400), graphError(400, 'BadRequest', 'The invite request is not valid.'));
    }
    record(200);
    const operationId = randomUUID();
    for (const p of participants) this.ring(call, operationId, clientContext, p.identity ?? {});
    const location = `${this.baseUrl()}/v1.0/communications/calls/${callId}/operations/${operationId}`;
    if (this.scenario.hangNext > 0) {
      this.scenario.hangNext--;
      return { status: 200, fault: 'hang' };
    }
    if (this.scenario.dropNext > 0) {
      this.scenario.dropNext--;
      return { status: 200, fault: 'drop' };
    }
    return {
      status: 200,
      headers: { location, 'request-id': randomUUID() },
      body: {
        '@odata.type': '#microsoft.graph.inviteParticipantsOperation',
        id: operationId,
        status: 'Running',
        clientContext,
        resultInfo: null,
        participants,
      },
    };
  }

  private ring(call: SimulatedCall, operationId: string, clientContext: string, identity: Record<string, unknown>): void {
    const id = firstIdentityId(identity) ?? '';
    const behaviour = this.scenario.behaviourFor[id] ?? this.scenario.behaviour;
    if (behaviour === 'silent') return;
    const task = sleep(this.scenario.ringMs).then(() => {
      if (!call.active) return;
      if (behaviour === 'answer') {
        call.add(identity);
        this.deliver(call, [call.operation(operationId, clientContext, 'completed', { code: 200, subcode: 0, message: 'OK' }, this.shape), call.roster(this.shape)]);
      } else {
        this.deliver(call, [call.operation(operationId, clientContext, 'failed', outcomes[behaviour], this.shape)]);
      }
    });
    this.track(task);
  }

  /** Sends items one envelope each, in order per call (or shuffled and repeated, per scenario). */
  deliver(call: SimulatedCall, items: NotificationItem[]): void {
    if (this.scenario.hold) {
      this.held.set(call.id, [...(this.held.get(call.id) ?? []), ...items.map((i) => structuredClone(i))]);
      return;
    }
    const batch = this.scenario.duplicate ? items.flatMap((i) => [i, structuredClone(i)]) : [...items];
    if (this.scenario.shuffle) batch.sort(() => Math.random() - 0.5);
    const previous = this.queues.get(call.id) ?? Promise.resolve();
    const next = previous.then(async () => {
      for (const item of batch) await this.post(call, [item]);
    });
    this.queues.set(call.id, next);
    this.track(next);
  }

  /**
   * Sends a call's held notifications: each `copies` times, shuffled when asked, up to
   * `concurrency` envelopes in flight at once. Resolves with the HTTP status of each delivery.
   */
  async release(callId: string, options: { copies?: number; shuffle?: boolean; concurrency?: number } = {}): Promise<number[]> {
    const call = this.calls.get(callId);
    const items = this.held.get(callId) ?? [];
    this.held.delete(callId);
    if (!call) return [];
    const all = Array.from({ length: options.copies ?? 1 }, () => items.map((i) => structuredClone(i))).flat();
    if (options.shuffle) {
      for (let i = all.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [all[i], all[j]] = [all[j] as NotificationItem, all[i] as NotificationItem];
      }
    }
    const statuses: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < all.length) {
        const item = all[next++] as NotificationItem;
        statuses.push(await this.post(call, [item]));
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 1 }, worker));
    return statuses;
  }

  async post(call: SimulatedCall, items: NotificationItem[], token?: string): Promise<number> {
    const bearer = token ?? (await this.callbackToken());
    let status = 0;
    try {
      const response = await fetch(call.callbackUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'client-request-id': randomUUID(), 'scenario-id': randomUUID() },
        body: JSON.stringify({ value: items }),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = 0;
    }
    this.deliveries.push({ callId: call.id, status, items });
    return status;
  }

  callbackToken(overrides: Record<string, unknown> = {}): Promise<string> {
    return signToken(this.callbackKey, { iss: 'https://graph.microsoft.com', aud: this.settings.botAppId, tid: this.settings.tenantId, ...overrides }, 3600);
  }

  private track(task: Promise<void>): void {
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  /** Resolves when every scheduled ring and delivery has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
