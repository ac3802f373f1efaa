import { z } from 'zod';
import { identityOf } from '../domain/identity';
import type { IncomingCallInfo } from '../domain/incomingCall';

/*
 * Graph's incoming call notification (call: answer docs, "Notification - incoming"): changeType
 * `created`, resourceData a call with state `incoming`, direction `incoming`, the caller in
 * `source.identity`, the bot in `targets`, the call's `tenantId`, and for an invite into a group
 * call or meeting its `chatInfo` and `meetingInfo` (Microsoft-Teams-Samples #336). Lenient where
 * Graph varies: a field of the wrong shape is dropped, not a reason to ignore the call.
 */
const record = z.record(z.string(), z.unknown());
const incomingCallSchema = z.looseObject({
  state: z.string(),
  direction: z.string().optional().catch(undefined),
  source: record.optional().catch(undefined),
  tenantId: z.string().min(1).optional().catch(undefined),
  chatInfo: record.optional().catch(undefined),
  meetingInfo: record.optional().catch(undefined),
});

/** The incoming call a `created` call notification announces, or undefined when it is not one. */
export function parseIncomingCall(changeType: string, resourceData: unknown): IncomingCallInfo | undefined {
  if (changeType !== 'created') return undefined;
  const parsed = incomingCallSchema.safeParse(resourceData);
  if (!parsed.success || parsed.data.state.toLowerCase() !== 'incoming') return undefined;
  const call = parsed.data;
  // Outgoing calls the bot made are created too, but never in state incoming.
  if (call.direction !== undefined && call.direction.toLowerCase() !== 'incoming') return undefined;
  return {
    caller: identityOf(call.source?.identity),
    tenantId: call.tenantId,
    chatInfo: call.chatInfo,
    meetingInfo: call.meetingInfo,
  };
}
