import { checkHealth } from '../lib/app/health';
import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { getServices } from '../lib/app/services';

export const handler: HttpHandler = withProblemResponses(async () => {
  const report = await checkHealth(getServices);
  return report.status === 'healthy'
    ? { status: 200, jsonBody: report }
    : { status: 503, headers: { 'retry-after': '30' }, jsonBody: report };
});
