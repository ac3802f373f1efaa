import { listCalls } from '../lib/app/callDirectory';
import { gatePage } from '../lib/app/consoleGate';
import { matchesSearch } from '../lib/console/callSummary';
import { callsListPage } from '../lib/console/callsListPage';
import { htmlResponse, withConsolePages } from '../lib/console/consoleResponses';

/** The console's home: the bot's calls, live first, searchable. */
export const handler = withConsolePages(async (request) => {
  const gate = await gatePage(request);
  if (gate.kind === 'answer') return gate.response;
  const search = (request.query.get('q') ?? '').slice(0, 200);
  const calls = (await listCalls(gate.services)).filter((c) => matchesSearch(c, search));
  return htmlResponse(200, callsListPage(gate.viewer, calls, search));
});
