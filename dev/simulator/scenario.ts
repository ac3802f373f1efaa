import type { Departures } from './simulatedCall';
import type { ForbiddenShape } from './graphErrors';

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
  /** How departures are reported (see Shape). */
  departures: Departures;
  /** Invitees who answer wait in the meeting's lobby until admitted. */
  lobby: boolean;
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
  /** How the 403 for a bot without calling enabled looks (graphErrors.ts); Graph's real shape by default. */
  forbiddenShape: ForbiddenShape;
  /** Graph's error answers carry their request id only in innerError, not as a header. */
  noRequestIdHeader: boolean;
  /** Retry-After (seconds) on throttled answers. */
  throttleRetryAfterSeconds: number;
  /**
   * The invite answer's `participants[].id`: `assigned` (our assumption: the id the ringing
   * invitee has, which participant: delete cancels) or `null` (the docs' trimmed examples).
   */
  inviteeIds: 'assigned' | 'null';
  /** How a cancelled invite's operation ends: `failed` 487 (our assumption) or no notification at all. */
  cancelledOperation: 'failed' | 'silent';
  /** Every participant: delete answers this Graph error once (e.g. 403 without the tenant's meeting configuration). */
  failNextDelete: { status: number; code: string; message: string } | undefined;
  /**
   * Create call (the bot joins a meeting): `admit` lets it in at once; `hold` keeps it in the lobby
   * until admitBot(); `never` keeps it there for good.
   */
  botLobby: 'admit' | 'hold' | 'never';
  /** The order of a new call's establishing and established notifications ("may arrive out of order"). */
  establishOrder: 'inOrder' | 'reversed';
  /** The next create call answers this Graph error once; `callingNotEnabled` is the nested 403 7503 (graphErrors.ts). */
  failNextCreate: { status: number; code: string; message: string } | 'callingNotEnabled' | undefined;
}

export const defaultScenario = (): Scenario => ({
  behaviour: 'answer',
  behaviourFor: {},
  ringMs: 50,
  duplicate: false,
  shuffle: false,
  legacyShapes: false,
  departures: 'absent',
  lobby: false,
  throttle: 0,
  failNext: undefined,
  hold: false,
  hangNext: 0,
  dropNext: 0,
  signingKeysDown: false,
  forbiddenShape: 'innerErrorCode',
  noRequestIdHeader: false,
  throttleRetryAfterSeconds: 1,
  inviteeIds: 'assigned',
  cancelledOperation: 'failed',
  failNextDelete: undefined,
  botLobby: 'admit',
  establishOrder: 'inOrder',
  failNextCreate: undefined,
});
