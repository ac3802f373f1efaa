import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GraphSimulator } from './graphSimulator';
import type { SimResponse } from './identityProvider';
import { callingNotEnabled, graphError } from './graphErrors';
import { SimulatedCall, type NotificationItem } from './simulatedCall';

/*
 * Graph's create call and hang-up, as the create-call docs show them: POST /communications/calls
 * answers 201 with the call (state establishing, id, myParticipantId); establishing and established
 * notifications follow (in either order, per scenario); in a meeting the bot may wait in the lobby
 * (its own participant with isInLobby) until admitted. DELETE /communications/calls/{id} answers 204,
 * then a deleted call notification (terminated).
 */

function valid(b: Record<string, unknown>): boolean {
  const media = b.mediaConfig as { '@odata.type'?: unknown } | undefined;
  const meeting = b.meetingInfo as Record<string, unknown> | undefined;
  return (
    typeof b.callbackUri === 'string' &&
    media?.['@odata.type'] === '#microsoft.graph.serviceHostedMediaConfig' &&
    Array.isArray(b.requestedModalities) &&
    (Array.isArray(b.targets) || typeof meeting?.joinMeetingId === 'string' || typeof (b.chatInfo as Record<string, unknown> | undefined)?.threadId === 'string')
  );
}

export async function createCall(sim: GraphSimulator, authorization: string | undefined, body: unknown): Promise<SimResponse> {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const record = (status: number, callId?: string) => sim.creates.push({ status, body: b, ...(callId ? { callId } : {}) });
  const refused = await sim.refuse(authorization);
  if (refused) return (record(refused.status), refused);
  const fail = sim.scenario.failNextCreate;
  if (fail) {
    sim.scenario.failNextCreate = undefined;
    const answer = fail === 'callingNotEnabled' ? callingNotEnabled(sim.scenario.forbiddenShape) : graphError(fail.status, fail.code, fail.message);
    return (record(answer.status), answer);
  }
  if (!valid(b)) return (record(400), graphError(400, 'BadRequest', 'The call request is not valid.'));
  const isMeeting = !Array.isArray(b.targets);
  const call = new SimulatedCall(randomUUID(), String(b.callbackUri), sim.settings.botAppId, { botInLobby: isMeeting && sim.scenario.botLobby !== 'admit' });
  sim.calls.set(call.id, call);
  record(201, call.id);
  const established = (): NotificationItem[] => [call.state('established', sim.shape), call.roster(sim.shape)];
  const first: NotificationItem[] = [call.state('establishing', sim.shape)];
  if (isMeeting) {
    const next = sim.scenario.botLobby === 'admit' ? established() : [call.roster(sim.shape)];
    sim.deliver(call, sim.scenario.establishOrder === 'reversed' ? [...next, ...first] : [...first, ...next]);
  } else {
    // A call to people is established when the callee answers (the scenario's behaviour).
    sim.deliver(call, first);
    const ring = sleep(sim.scenario.ringMs).then(() => {
      if (!call.active) return;
      if (sim.scenario.behaviour !== 'answer') {
        call.active = false;
        sim.deliver(call, [call.state('terminated', sim.shape, { code: 480, subcode: 10_076, message: 'The callee could not be reached.' })]);
        return;
      }
      for (const t of b.targets as { identity?: Record<string, unknown> }[]) call.add(t.identity ?? {});
      sim.deliver(call, established());
    });
    sim.trackTask(ring);
  }
  return {
    status: 201,
    headers: { location: `${sim.baseUrl()}/v1.0/communications/calls/${call.id}`, 'request-id': randomUUID() },
    body: {
      '@odata.type': '#microsoft.graph.call',
      id: call.id,
      state: 'establishing',
      direction: 'outgoing',
      callbackUri: b.callbackUri,
      myParticipantId: call.botParticipantId,
      requestedModalities: b.requestedModalities,
      mediaConfig: b.mediaConfig,
      chatInfo: b.chatInfo ?? null,
      meetingInfo: b.meetingInfo ?? null,
      tenantId: b.tenantId ?? null,
      resultInfo: null,
    },
  };
}

/** Lets the bot in from the lobby: roster without isInLobby, then established. */
export function admitBot(sim: GraphSimulator, callId: string): void {
  const call = sim.calls.get(callId);
  if (!call?.active) return;
  call.admit(call.botParticipantId);
  sim.deliver(call, [call.roster(sim.shape), call.state('established', sim.shape)]);
}

export async function hangUpCall(sim: GraphSimulator, callId: string, authorization: string | undefined): Promise<SimResponse> {
  const refused = await sim.refuse(authorization);
  if (refused) return (sim.hangUps.push({ callId, status: refused.status }), refused);
  const call = sim.calls.get(callId);
  if (!call?.active) return (sim.hangUps.push({ callId, status: 404 }), graphError(404, 'itemNotFound', 'The call was not found or has ended.'));
  call.active = false;
  sim.hangUps.push({ callId, status: 204 });
  sim.deliver(call, [call.state('terminated', sim.shape, { code: 200, subcode: 5000, message: 'The call was ended by the application.' })]);
  return { status: 204, headers: { 'request-id': randomUUID() } };
}
