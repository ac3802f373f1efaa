import { app } from '@azure/functions';
import { withProblemResponses } from '../lib/httpHandler';
import { buildOpenApi } from '../lib/openapi';
import { getServices } from '../lib/services';

app.http('openapi', {
  route: 'openapi.json',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withProblemResponses(async () => {
    const base = new URL(getServices().config.publicBaseUrl);
    return { status: 200, jsonBody: buildOpenApi(base.host, [base.protocol.replace(':', '')]) };
  }),
});
