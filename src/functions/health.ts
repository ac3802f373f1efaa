import { app } from '@azure/functions';
import { checkHealth } from '../lib/health';
import { withProblemResponses } from '../lib/httpHandler';
import { getServices } from '../lib/services';

app.http('health', {
  route: 'health',
  methods: ['GET'],
  // For load balancers and deployment checks: says what is wrong, never a secret.
  authLevel: 'anonymous',
  handler: withProblemResponses(async () => {
    const report = await checkHealth(getServices);
    return report.status === 'healthy'
      ? { status: 200, jsonBody: report }
      : { status: 503, headers: { 'retry-after': '30' }, jsonBody: report };
  }),
});
