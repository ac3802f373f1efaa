import { callPageData } from '../lib/app/consoleCall';
import { gatePage } from '../lib/app/consoleGate';
import { parseWith } from '../lib/errors/parseWith';
import { callIdSchema } from '../lib/graph/inviteRequest';
import { callPage } from '../lib/console/callPage';
import { htmlResponse, withConsolePages } from '../lib/console/consoleResponses';

/** One call: the timeline drawing, roster, invitations, deliveries, and the viewer's actions. */
export const handler = withConsolePages(async (request) => {
  const gate = await gatePage(request);
  if (gate.kind === 'answer') return gate.response;
  const callId = parseWith(callIdSchema, request.params.callId, 'The call id');
  const data = await callPageData(gate.services, gate.viewer, callId);
  return htmlResponse(200, callPage(gate.viewer, data));
});
