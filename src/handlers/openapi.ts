import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { buildOpenApi } from '../lib/http/openapi/openapi';
import { connectorSecurityOf } from '../lib/http/openapi/openapiSecurity';
import { getServices } from '../lib/app/services';

/** The definition with this deployment's host and the security its API_AUTH_MODE asks for. */
export const handler: HttpHandler = withProblemResponses(async () => {
  const { config } = await getServices();
  const base = new URL(config.publicBaseUrl);
  return { status: 200, jsonBody: buildOpenApi(base.host, [base.protocol.replace(':', '')], connectorSecurityOf(config.apiAuth.mode)) };
});
