import { withProblemResponses, type HttpHandler } from '../lib/httpHandler';
import { buildOpenApi } from '../lib/openapi';
import { getServices } from '../lib/services';

export const handler: HttpHandler = withProblemResponses(async () => {
  const base = new URL((await getServices()).config.publicBaseUrl);
  return { status: 200, jsonBody: buildOpenApi(base.host, [base.protocol.replace(':', '')]) };
});
