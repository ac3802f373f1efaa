// Longer than 150 lines because one simulated call: its roster and every notification shape Graph sends for it (the field's modes), which read best together.
import { randomUUID } from 'node:crypto';
import { minimalParticipant, realisticParticipant } from './participantPayload';

/** A participant of a simulated call, with Graph's per-participant roster sequence number. */
export interface SimParticipant {
  readonly id: string;
  readonly identity: Record<string, unknown>;
  sequence: number;
  present: boolean;
  isMuted: boolean;
  isInLobby: boolean;
  /** Set on leaving; reported once (removedState or a deleted item) where the mode says so. */
  removedReason: string | undefined;
}

export interface ResultInfo {
  readonly code: number;
  readonly subcode: number;
  readonly message: string;
}

export type NotificationItem = Record<string, unknown>;

/**
 * How departures reach the bot: `absent` (the default roster: the next full roster simply lacks
 * them), `removedState` (listed once more with removedState), `deleted` (a deleted item on
 * /participants/{id}, then rosters without them).
 */
export type Departures = 'absent' | 'removedState' | 'deleted';

/** Payload spellings: today's v1.0, or the legacy beta shapes Graph still sends to older bots. */
export interface Shape {
  readonly legacy: boolean;
  /** Default `absent`. */
  readonly departures?: Departures;
  /** Participant entries as small as the docs' examples instead of the field's ~2 KB. */
  readonly minimal?: boolean;
}

function legacyId(id: string): string {
  return id.replace(/-/g, '').toUpperCase();
}

/** An invitee whose phone rings: the participant id Graph gave it, until it answers or is cancelled. */
export interface RingingLeg {
  readonly identity: Record<string, unknown>;
  readonly operationId: string;
  readonly clientContext: string;
  cancelled: boolean;
}

/** A call the bot is in. Builds notifications exactly as Graph shapes them. */
export class SimulatedCall {
  readonly participants = new Map<string, SimParticipant>();
  /** Invitees ringing now, by the participant id they will have when they answer. */
  readonly ringing = new Map<string, RingingLeg>();
  private rosterSequence = 0;
  active = true;

  /** The bot's own participant (Graph's myParticipantId). */
  readonly botParticipantId: string;

  constructor(
    readonly id: string,
    readonly callbackUrl: string,
    botAppId: string,
    /** The bot joined a meeting whose lobby holds it until admitted. */
    options: { readonly botInLobby?: boolean } = {},
  ) {
    this.botParticipantId = this.add({ application: { id: botAppId, displayName: 'Calling bot' } }, { inLobby: options.botInLobby ?? false }).id;
  }

  /** Joins (or, with inLobby, waits in the lobby); the same identity twice is two endpoints. */
  add(identity: Record<string, unknown>, options: { inLobby?: boolean; id?: string } = {}): SimParticipant {
    const p: SimParticipant = {
      id: options.id ?? randomUUID(),
      identity,
      sequence: ++this.rosterSequence,
      present: true,
      isMuted: false,
      isInLobby: options.inLobby ?? false,
      removedReason: undefined,
    };
    this.participants.set(p.id, p);
    return p;
  }

  /** The call's roster state, to continue it elsewhere (the benchmark's load generator process). */
  snapshot(): { id: string; callbackUrl: string; sequence: number; participants: SimParticipant[] } {
    return { id: this.id, callbackUrl: this.callbackUrl, sequence: this.rosterSequence, participants: [...this.participants.values()] };
  }

  static fromSnapshot(snapshot: ReturnType<SimulatedCall['snapshot']>): SimulatedCall {
    const call = new SimulatedCall(snapshot.id, snapshot.callbackUrl, '');
    call.participants.clear();
    for (const p of snapshot.participants) call.participants.set(p.id, { ...p });
    call.rosterSequence = snapshot.sequence;
    return call;
  }

  leave(participantId: string, reason = 'left'): void {
    const p = this.participants.get(participantId);
    if (!p?.present) return;
    p.present = false;
    p.removedReason = reason;
    p.sequence = ++this.rosterSequence;
  }

  admit(participantId: string): void {
    const p = this.participants.get(participantId);
    if (!p?.present || !p.isInLobby) return;
    p.isInLobby = false;
    p.sequence = ++this.rosterSequence;
  }

  mute(participantId: string, isMuted: boolean): void {
    const p = this.participants.get(participantId);
    if (!p?.present) return;
    p.isMuted = isMuted;
    p.sequence = ++this.rosterSequence;
  }

  private path(suffix: string, shape: Shape): Record<string, string> {
    const id = shape.legacy ? legacyId(this.id) : this.id;
    return shape.legacy ? { resource: `/app/calls/${id}${suffix}` } : { resourceUrl: `/communications/calls/${id}${suffix}` };
  }

  private odata(type: string, shape: Shape): Record<string, string> {
    return shape.legacy ? {} : { '@odata.type': `#microsoft.graph.${type}` };
  }

  operation(
    operationId: string,
    clientContext: string,
    status: 'running' | 'completed' | 'failed',
    resultInfo: ResultInfo | undefined,
    shape: Shape,
  ): NotificationItem {
    const info = resultInfo && shape.legacy
      ? { code: String(resultInfo.code), subcode: String(resultInfo.subcode), message: resultInfo.message }
      : resultInfo;
    return {
      ...this.odata('commsNotification', shape),
      changeType: status === 'running' ? 'updated' : 'deleted',
      ...this.path(`/operations/${shape.legacy ? legacyId(operationId) : operationId}`, shape),
      resourceData: {
        ...this.odata('inviteParticipantsOperation', shape),
        id: operationId,
        // Graph's letter case varies between responses and notifications.
        status: shape.legacy ? status.charAt(0).toUpperCase() + status.slice(1) : status,
        clientContext,
        resultInfo: info ?? null,
      },
    };
  }

  /** The whole roster: who is in the call (or lobby) now, each at their own last sequence number. */
  roster(shape: Shape): NotificationItem {
    const departures = shape.departures ?? 'absent';
    const items = [...this.participants.values()]
      .filter((p) => p.present || (departures === 'removedState' && p.removedReason !== undefined))
      .map((p) => {
        const entry = shape.minimal || shape.legacy ? minimalParticipant(p, shape.legacy) : realisticParticipant(p);
        if (p.present) return entry;
        const removed = { ...entry, removedState: { reason: p.removedReason } };
        p.removedReason = undefined;
        return removed;
      });
    return { ...this.odata('commsNotification', shape), changeType: 'updated', ...this.path('/participants', shape), resourceData: items };
  }

  /** In `deleted` mode, one deleted item per participant who left since the last call. */
  departed(shape: Shape): NotificationItem[] {
    if ((shape.departures ?? 'absent') !== 'deleted') return [];
    const gone = [...this.participants.values()].filter((p) => !p.present && p.removedReason !== undefined);
    return gone.map((p) => {
      p.removedReason = undefined;
      return {
        ...this.odata('commsNotification', shape),
        changeType: 'deleted',
        ...this.path(`/participants/${p.id}`, shape),
        resourceData: { ...this.odata('participant', shape), id: p.id, rosterSequenceNumber: p.sequence },
      };
    });
  }

  state(state: 'establishing' | 'established' | 'terminated', shape: Shape, ended: ResultInfo | undefined = undefined): NotificationItem {
    const resultInfo = state === 'terminated' ? (ended ?? { code: '200', subcode: '5001', message: 'The conversation has ended.' }) : undefined;
    return {
      ...this.odata('commsNotification', shape),
      changeType: state === 'terminated' ? 'deleted' : 'updated',
      ...this.path('', shape),
      resourceData: { ...this.odata('call', shape), state, ...(resultInfo ? { resultInfo } : {}) },
    };
  }
}
