import { createHash } from 'node:crypto';

/*
 * A participant entry as Graph sends it in the field, not the minimal shape of the docs' examples:
 * endpoint and client details, a replacement link, media streams with labels and source ids,
 * metadata (payloads in microsoft-graph-comms-samples #513, #599, #702). About 1.5-2 KB each, so a
 * 1,000-person full roster is about 2 MB. Deterministic per participant id.
 */

export interface ParticipantFacts {
  readonly id: string;
  readonly identity: Record<string, unknown>;
  readonly isMuted: boolean;
  readonly isInLobby: boolean;
  readonly sequence: number;
}

function hex(seed: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed}:${i}`).digest('hex');
  return out.slice(0, length);
}

function guid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function stream(p: ParticipantFacts, mediaType: string, label: string, n: number): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.mediaStream',
    mediaType,
    label,
    sourceId: String(1000 + n + (parseInt(hex(p.id, 4), 16) % 5000)),
    direction: mediaType === 'audio' ? 'sendReceive' : 'receiveOnly',
    serverMuted: false,
  };
}

export function realisticParticipant(p: ParticipantFacts): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.participant',
    id: p.id,
    info: {
      '@odata.type': '#microsoft.graph.participantInfo',
      identity: { '@odata.type': '#microsoft.graph.identitySet', ...p.identity },
      endpointType: 'default',
      endpointId: guid(`${p.id}:endpoint`),
      languageId: 'en-US',
      region: 'euno',
      participantId: p.id,
      platformId: '3',
      clientVersion: `SkypeSpaces/1415/${hex(p.id, 12)}/TsCallingVersion=2025.12.01.${parseInt(hex(p.id, 3), 16)}/Ovb=${hex(`${p.id}:ovb`, 40)}/os=windows/osVersion=10.0.22631/deviceType=computer/browser=msedge/browserVersion=131.0.2903.86`,
      replacementLink: `https://cc-euno-05.cc.skype.com/cc/v1/callParticipant/${hex(`${p.id}:cp`, 48)}/replacement?rt=${hex(`${p.id}:rt`, 64)}&rc=${hex(`${p.id}:rc`, 96)}%253d%253d&i=75&e=${hex(`${p.id}:e`, 40)}`,
    },
    isMuted: p.isMuted,
    isInLobby: p.isInLobby,
    isIdentityAnonymized: false,
    mediaStreams: [
      stream(p, 'audio', 'main-audio', 1),
      stream(p, 'video', 'main-video', 2),
      stream(p, 'videoBasedScreenSharing', 'applicationsharing-video', 3),
    ],
    metadata: Buffer.from(`{"teams":{"tenantId":"${guid(`${p.id}:tenant`)}","meetingRole":"attendee","capabilities":["reactions","raiseHand"]}}`).toString('base64'),
    restrictedExperience: null,
    recordingInfo: { '@odata.type': '#microsoft.graph.recordingInfo', recordingStatus: 'notRecording', initiator: null },
    rosterSequenceNumber: p.sequence,
  };
}

/** The docs' minimal entry, for the legacy mode and tests that want to read payloads by eye. */
export function minimalParticipant(p: ParticipantFacts, legacy: boolean): Record<string, unknown> {
  return {
    ...(legacy ? {} : { '@odata.type': '#microsoft.graph.participant' }),
    id: p.id,
    info: { identity: p.identity, endpointType: 'default', languageId: 'en-US', region: 'euno' },
    isMuted: p.isMuted,
    isInLobby: p.isInLobby,
    mediaStreams: [],
    rosterSequenceNumber: p.sequence,
  };
}
