import { parseAction, resumeFromConsole, runConsoleAction } from '../lib/app/consoleCall';
import { gateForm } from '../lib/app/consoleGate';
import { parseWith } from '../lib/errors/parseWith';
import { callIdSchema, graphCallIdSchema } from '../lib/graph/inviteRequest';
import { redirect, withConsolePages } from '../lib/console/consoleResponses';
import { subscriptionIdSchema } from '../lib/http/subscriptionSchemas';

const callPath = (callId: string) => `/api/console/calls/${encodeURIComponent(callId)}`;

/** A call page's action (cancel, remove, replay): checked as the API checks it, then back to the page. */
export const handler = withConsolePages(async (request, context) => {
  const gate = await gateForm(request);
  if (gate.kind === 'answer') return gate.response;
  const callId = parseWith(graphCallIdSchema, request.params.callId, 'The call id');
  const action = parseAction(request.params.action);
  await runConsoleAction(gate.services, gate.viewer, callId, action, gate.form, context);
  return redirect(callPath(callId));
});

/** Resuming a paused subscription from a call page. */
export const resumeHandler = withConsolePages(async (request) => {
  const gate = await gateForm(request);
  if (gate.kind === 'answer') return gate.response;
  const id = parseWith(subscriptionIdSchema, request.params.subscriptionId, 'The subscription id');
  await resumeFromConsole(gate.services, gate.viewer, id);
  const callId = gate.form.get('callId');
  return redirect(callId ? callPath(parseWith(callIdSchema, callId, 'The call id')) : '/api/console');
});
