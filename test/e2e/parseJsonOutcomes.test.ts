import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../src/lib/http/openapi/openapi';
import { useTestStack, user } from '../support/testStack';

/*
 * The schema docs/power-automate.md gives Parse JSON, tried on the final answer of every outcome
 * the guide documents, produced by the running app. Parse JSON is a plain JSON Schema validator:
 * like ajv (strict off), it ignores keywords it does not know, x-nullable among them.
 */
const stack = useTestStack();
const openapi = join(__dirname, '..', '..', 'openapi');
const handedOut = JSON.parse(readFileSync(join(openapi, 'invitation.parse-json.json'), 'utf8')) as object;
const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(handedOut);

async function finalAnswer(behaviour: 'answer' | 'decline' | 'noAnswer' | 'silent', end?: 'callEnded' | 'timeout'): Promise<{ status: number; body: Record<string, unknown> }> {
  const t = stack();
  t.stack.simulator.sim.scenario.behaviour = behaviour;
  const callId = t.newCall();
  const response = await t.invite(callId, { participants: [user(`pj-${behaviour}-${end ?? ''}`)] });
  const location = response.headers.get('location') ?? '';
  await t.settle();
  if (end === 'callEnded') {
    t.stack.simulator.sim.endCall(callId);
    await t.settle();
  }
  if (end === 'timeout') {
    t.advance(121);
    await t.stack.host.runTimer('finalizeInvitations');
  }
  return t.getJson(location);
}

describe('the Parse JSON schema accepts every documented outcome', () => {
  it('completed, declined, unreachable, timeout, call ended, and still ringing', async () => {
    const answers = {
      completed: await finalAnswer('answer'),
      declined: await finalAnswer('decline'),
      unreachable: await finalAnswer('noAnswer'),
      timeout: await finalAnswer('silent', 'timeout'),
      callEnded: await finalAnswer('silent', 'callEnded'),
      ringing: await finalAnswer('silent'),
    };
    expect(answers.completed.body).toMatchObject({ status: 'completed' });
    expect(answers.declined.body).toMatchObject({ status: 'failed', outcome: { reason: 'operationFailed', resultInfo: { code: 603 } } });
    expect(answers.unreachable.body).toMatchObject({ status: 'failed', outcome: { resultInfo: { code: 480 } } });
    expect(answers.timeout.body).toMatchObject({ status: 'failed', outcome: { reason: 'timeout', resultInfo: null } });
    expect(answers.callEnded.body).toMatchObject({ status: 'failed', outcome: { reason: 'callEnded' } });
    expect(answers.ringing).toMatchObject({ status: 202, body: { outcome: null } });
    for (const [name, answer] of Object.entries(answers)) {
      const ok = validate(answer.body);
      expect(ok, `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }

    // Why the guide does not hand out the connector's own definition: with x-nullable ignored, it
    // refuses the failure outcomes (outcome.resultInfo, invitees' participantId... are null).
    const definitions = (buildOpenApi() as { definitions: Record<string, object> }).definitions;
    const swaggerInvitation = new Ajv({ strict: false }).compile(definitions.Invitation ?? {});
    expect(swaggerInvitation(answers.timeout.body)).toBe(false);
    expect(swaggerInvitation(answers.ringing.body)).toBe(false);
  });
});
