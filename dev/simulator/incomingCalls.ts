// Longer than 150 lines because the incoming notification, the answer and the reject endpoints and the window share one state per ringing call.
import { randomUUID } from 'node:crypto';
import type { SimResponse } from './simTypes';
import { graphError } from './graphErrors';
import { SimulatedCall, type NotificationItem, type Shape } from './simulatedCall';

/** What of the simulator this part uses (an interface, so the two do not import each other). */
export interface IncomingHost {
  readonly settings: { readonly botAppId: string; readonly tenantId: string };
  readonly scenario: { readonly answerWindowMs: number };
  readonly calls: Map<string, SimulatedCall>;
  readonly shape: Shape;
  deliver(call: SimulatedCall, items: NotificationItem[]): void;
  refuse(authorization: string | undefined): Promise<SimResponse | undefined>;
}

/**
 * A call not answered within Graph's window (scenario.answerWindowMs, 15 s) is dropped with a deleted
 * notification; Microsoft names it "callee could not be reached" (comms-samples #191), which Graph's
 * call end reasons list as 480/10076 (call: delete docs).
 */
export const droppedResultInfo = { '@odata.type': '#microsoft.graph.resultInfo', code: '480', subcode: '10076', message: 'Callee could not be reached.' };

export interface RingOptions {
  /** The caller's identitySet, as Graph puts it in `source.identity`. */
  readonly caller?: Record<string, unknown>;
  /** The call's tenant (default: the simulator's). */
  readonly tenantId?: string;
  /** An invite into a group call or meeting carries these (Microsoft-Teams-Samples #336). */
  readonly chatInfo?: Record<string, unknown>;
  readonly meetingInfo?: Record<string, unknown>;
  readonly callId?: string;
}

interface Ringing {
  readonly call: SimulatedCall;
  readonly caller: Record<string, unknown>;
  readonly startedAt: number;
  status: 'ringing' | 'answered' | 'rejected' | 'dropped';
  /** The window is over: `expire()` or the scenario's window (0: over from the start). */
  windowOver: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * Calls ringing the bot: the created notification Graph sends (signed like every other one), the
 * answer and reject endpoints, and the 15-second window. Tests never wait for the window: they
 * declare it over (`expire`, or scenario.answerWindowMs = 0), so "answered too late" is deterministic.
 */
export class IncomingCalls {
  readonly ringing = new Map<string, Ringing>();
  /** Every call: answer Graph received: whether the window was over (late), its answer, and when it arrived (performance.now()). */
  readonly answers: { callId: string; status: number; late: boolean; body: unknown; at: number }[] = [];
  /** Every call: reject Graph received. */
  readonly rejects: { callId: string; status: number; reason: unknown }[] = [];

  constructor(private readonly sim: IncomingHost) {}

  /** A call rings the bot: Graph posts the created notification to the bot's callback. */
  ring(callbackUrl: string, options: RingOptions = {}): string {
    const callId = options.callId ?? randomUUID();
    const call = new SimulatedCall(callId, callbackUrl, this.sim.settings.botAppId);
    call.active = false; // not the bot's call until it answers: invites into it are refused
    const caller = options.caller ?? { user: { id: randomUUID(), displayName: 'Caller', tenantId: this.sim.settings.tenantId } };
    const windowMs = this.sim.scenario.answerWindowMs;
    const entry: Ringing = { call, caller, startedAt: performance.now(), status: 'ringing', windowOver: windowMs <= 0 };
    this.ringing.set(callId, entry);
    this.sim.calls.set(callId, call);
    if (windowMs > 0) {
      // Graph's own clock: unanswered when it runs out, the call is dropped. Not awaited by idle().
      entry.timer = setTimeout(() => this.drop(entry), windowMs);
      entry.timer.unref();
    }
    const item = this.createdNotification(entry, options);
    this.sim.deliver(call, [item]);
    return callId;
  }

  /** Declares the call's answer window over now (as if 15 s had passed): the next answer is late. */
  expire(callId: string): void {
    const entry = this.ringing.get(callId);
    if (entry) entry.windowOver = true;
  }

  private createdNotification(entry: Ringing, options: RingOptions): NotificationItem {
    const id = entry.call.id;
    return {
      '@odata.type': '#microsoft.graph.commsNotification',
      changeType: 'created',
      resourceUrl: `/communications/calls/${id}`,
      resourceData: {
        '@odata.type': '#microsoft.graph.call',
        '@odata.id': `/communications/calls/${id}`,
        state: 'incoming',
        direction: 'incoming',
        source: { '@odata.type': '#microsoft.graph.participantInfo', id: randomUUID(), identity: entry.caller, endpointType: 'default', region: 'amer' },
        targets: [{ '@odata.type': '#microsoft.graph.invitationParticipantInfo', identity: { application: { id: this.sim.settings.botAppId, displayName: 'Calling bot' } } }],
        requestedModalities: ['audio'],
        tenantId: options.tenantId ?? this.sim.settings.tenantId,
        myParticipantId: randomUUID(),
        callChainId: randomUUID(),
        incomingContext: { '@odata.type': '#microsoft.graph.incomingContext', sourceParticipantId: randomUUID() },
        ...(options.chatInfo ? { chatInfo: options.chatInfo } : {}),
        ...(options.meetingInfo ? { meetingInfo: options.meetingInfo } : {}),
        id,
      },
    };
  }

  private drop(entry: Ringing): void {
    if (entry.status !== 'ringing') return;
    clearTimeout(entry.timer);
    entry.status = 'dropped';
    entry.call.active = false;
    this.sim.deliver(entry.call, [entry.call.state('terminated', this.sim.shape, droppedResultInfo)]);
  }

  /** POST /communications/calls/{id}/answer: within the window the call establishes; after it, Graph drops it. */
  async answer(callId: string, authorization: string | undefined, body: unknown): Promise<SimResponse> {
    const refused = await this.sim.refuse(authorization);
    const at = performance.now();
    const record = (status: number, late = false) => this.answers.push({ callId, status, late, body, at });
    if (refused) return (record(refused.status), refused);
    const entry = this.ringing.get(callId);
    const b = (body ?? {}) as { callbackUri?: unknown; acceptedModalities?: unknown; mediaConfig?: { '@odata.type'?: unknown } };
    if (typeof b.callbackUri !== 'string' || !Array.isArray(b.acceptedModalities) || b.acceptedModalities.length === 0 || typeof b.mediaConfig?.['@odata.type'] !== 'string') {
      return (record(400), graphError(400, 'BadRequest', 'callbackUri, acceptedModalities and mediaConfig are required.'));
    }
    if (!entry || entry.status !== 'ringing') return (record(404), graphError(404, 'itemNotFound', 'The call was not found or has ended.'));
    const late = entry.windowOver || performance.now() - entry.startedAt > this.sim.scenario.answerWindowMs;
    record(202, late);
    if (late) {
      // Graph takes the request, but the call is already gone: it sends the deleted notification.
      this.drop(entry);
      return { status: 202, headers: { 'request-id': randomUUID() } };
    }
    clearTimeout(entry.timer);
    entry.status = 'answered';
    const call = new SimulatedCall(callId, b.callbackUri, this.sim.settings.botAppId);
    call.add(entry.caller);
    this.sim.calls.set(callId, call);
    this.sim.deliver(call, [call.state('establishing', this.sim.shape), call.state('established', this.sim.shape), call.roster(this.sim.shape)]);
    return { status: 202, headers: { 'request-id': randomUUID() } };
  }

  /** POST /communications/calls/{id}/reject: the call ends (a deleted notification follows, as in the reject docs). */
  async reject(callId: string, authorization: string | undefined, body: unknown): Promise<SimResponse> {
    const refused = await this.sim.refuse(authorization);
    const reason = (body as { reason?: unknown } | undefined)?.reason;
    const record = (status: number) => this.rejects.push({ callId, status, reason });
    if (refused) return (record(refused.status), refused);
    if (typeof reason !== 'string' || !['none', 'busy', 'forbidden'].includes(reason.toLowerCase())) {
      return (record(400), graphError(400, 'BadRequest', 'reason must be None, Busy or Forbidden.'));
    }
    const entry = this.ringing.get(callId);
    if (!entry || entry.status !== 'ringing') return (record(404), graphError(404, 'itemNotFound', 'The call was not found or has ended.'));
    clearTimeout(entry.timer);
    entry.status = 'rejected';
    record(202);
    // The reject docs' deleted notification: the call, no state or resultInfo.
    const deleted = { '@odata.type': '#microsoft.graph.commsNotification', changeType: 'deleted', resourceUrl: `/communications/calls/${callId}`, resourceData: { '@odata.type': '#microsoft.graph.call', '@odata.id': `/communications/calls/${callId}` } };
    this.sim.deliver(entry.call, [deleted]);
    return { status: 202, headers: { 'request-id': randomUUID() } };
  }
}
