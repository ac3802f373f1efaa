import { checkHealth } from '../lib/health';
import { withProblemResponses, type HttpHandler } from '../lib/httpHandler';
import { getServices } from '../lib/services';

export const handler: HttpHandler = withProblemResponses(async () => {
  const report = await checkHealth(getServices);
  return report.status === 'healthy'
    ? { status: 200, jsonBody: report }
    : { status: 503, headers: { 'retry-after': '30' }, jsonBody: report };
});
