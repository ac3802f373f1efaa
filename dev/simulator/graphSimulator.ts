// Longer than 150 lines because Graph's calling endpoints the app uses (invite, participant delete) and their token checks, routed in one class.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { IdentityProvider, type IdentitySettings, type SimResponse } from './identityProvider';
import { NotificationDelivery } from './notificationDelivery';
import { defaultScenario, type InviteeBehaviour, type Scenario } from './scenario';
import { verifyToken, type SigningKey } from './signingKeys';
import { callingNotEnabled, graphError as graphErrorOf } from './graphErrors';
import { SimulatedCall, type ResultInfo, type Shape } from './simulatedCall';
import type { CreateRecord } from './simTypes';

export { defaultScenario, type InviteeBehaviour, type Scenario } from './scenario';

const outcomes: Record<Exclude<InviteeBehaviour, 'answer' | 'silent'>, ResultInfo> = {
  decline: { code: 603, subcode: 10_003, message: 'The callee declined the call.' },
  noAnswer: { code: 480, subcode: 10_076, message: 'The callee could not be reached.' },
};

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
export class GraphSimulator extends NotificationDelivery {
  readonly calls = new Map<string, SimulatedCall>();
  /** Every invite request Graph received; requestId is the id Graph's answer carried. */
  readonly invites: { callId: string; clientContext: string; status: number; durationMs: number; requestId?: string }[] = [];
  /** Every participant: delete Graph received, and its answer. */
  readonly deletes: { callId: string; participantId: string; status: number; cancelledInvite: boolean }[] = [];
  /** Every create call Graph received (callCreation.ts), and every hang-up. */
  readonly creates: CreateRecord[] = [];
  readonly hangUps: { callId: string; status: number }[] = [];
  scenario: Scenario = defaultScenario();
  /** App ids whose tokens Graph accepts for calling (the bot's registration, with calling enabled). */
  readonly registeredAppIds: Set<string>;

  constructor(
    readonly identity: IdentityProvider,
    readonly settings: IdentitySettings,
    private readonly entraKey: SigningKey,
    callbackKey: SigningKey,
    readonly baseUrl: () => string,
  ) {
    super(callbackKey, settings);
    this.registeredAppIds = new Set([settings.botAppId]);
  }

  /** Key rollover: later notifications are signed with `next`, published at a new jwks_uri. */
  callbackKeyGeneration = 0;
  rotateCallbackKey(next: SigningKey): void {
    this.callbackKey = next;
    this.callbackKeyGeneration++;
  }

  get currentCallbackKey(): SigningKey {
    return this.callbackKey;
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
    this.deliver(call, [...call.departed(this.shape), call.roster(this.shape)]);
  }

  /** Tracks a scheduled task, so idle() waits for it. */
  trackTask(task: Promise<void>): void {
    this.track(task);
  }

  get shape(): Shape {
    return { legacy: this.scenario.legacyShapes, departures: this.scenario.departures };
  }

  /** Graph's token checks: 401 without a valid token, 403 (7503) for an app without calling enabled. */
  async refuse(authorization: string | undefined): Promise<(SimResponse & { requestId?: string }) | undefined> {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const claims = token ? await verifyToken(this.entraKey, token, 'https://graph.microsoft.com') : undefined;
    if (!claims) return graphErrorOf(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.', { noRequestIdHeader: this.scenario.noRequestIdHeader });
    if (typeof claims.appid !== 'string' || !this.registeredAppIds.has(claims.appid)) {
      return callingNotEnabled(this.scenario.forbiddenShape, { noRequestIdHeader: this.scenario.noRequestIdHeader });
    }
    return undefined;
  }

  async invite(callId: string, authorization: string | undefined, body: unknown): Promise<SimResponse> {
    const b = body as { participants?: unknown; clientContext?: unknown } | undefined;
    const clientContext = typeof b?.clientContext === 'string' ? b.clientContext : '';
    const started = performance.now();
    // durationMs: the simulator's own time for the request (the benchmarks subtract it).
    const record = (status: number, requestId?: string) =>
      this.invites.push({ callId, clientContext, status, durationMs: performance.now() - started, ...(requestId ? { requestId } : {}) });
    const graphError = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
      graphErrorOf(status, code, message, { headers, noRequestIdHeader: this.scenario.noRequestIdHeader });
    const refused = await this.refuse(authorization);
    if (refused) return (record(refused.status, refused.requestId), refused);
    if (this.scenario.throttle > 0) {
      this.scenario.throttle--;
      record(429);
      return graphError(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': String(this.scenario.throttleRetryAfterSeconds) });
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
    const legs = participants.map((p) => ({ id: randomUUID(), identity: p.identity ?? {} }));
    for (const leg of legs) this.ring(call, operationId, clientContext, leg.identity, leg.id);
    const answered = legs.map((leg) => ({ endpointType: null, id: this.scenario.inviteeIds === 'assigned' ? leg.id : null, replacesCallId: null, identity: leg.identity }));
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
        participants: answered,
      },
    };
  }

  private ring(call: SimulatedCall, operationId: string, clientContext: string, identity: Record<string, unknown>, legId: string): void {
    const id = firstIdentityId(identity) ?? '';
    const behaviour = this.scenario.behaviourFor[id] ?? this.scenario.behaviour;
    const leg = { identity, operationId, clientContext, cancelled: false };
    call.ringing.set(legId, leg);
    if (behaviour === 'silent') return;
    const task = sleep(this.scenario.ringMs).then(() => {
      if (leg.cancelled || !call.active) return;
      call.ringing.delete(legId);
      if (behaviour === 'answer') {
        // The participant keeps the id the invite answer gave it (our assumption).
        call.add(identity, { inLobby: this.scenario.lobby, id: legId });
        this.deliver(call, [call.operation(operationId, clientContext, 'completed', { code: 200, subcode: 0, message: 'OK' }, this.shape), call.roster(this.shape)]);
      } else {
        this.deliver(call, [call.operation(operationId, clientContext, 'failed', outcomes[behaviour], this.shape)]);
      }
    });
    this.track(task);
  }

}
