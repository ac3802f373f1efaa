import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { buildOpenApi } from '../lib/http/openapi';
import { getServices } from '../lib/app/services';

export const handler: HttpHandler = withProblemResponses(async () => {
  const base = new URL((await getServices()).config.publicBaseUrl);
  return { status: 200, jsonBody: buildOpenApi(base.host, [base.protocol.replace(':', '')]) };
});
