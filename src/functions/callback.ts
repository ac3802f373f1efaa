import { app } from '@azure/functions';
import { withProblemResponses } from '../lib/httpHandler';
import { envelopeSchema } from '../lib/notificationItem';
import { processNotifications } from '../lib/notificationService';
import { outcomeFields } from '../lib/outcomeLog';
import { getServices } from '../lib/services';
import { parseWith, readJsonBody } from '../lib/validation';

app.http('callback', {
  route: 'callback',
  methods: ['POST'],
  // Graph cannot send a function key; every request carries a JWT that is verified first.
  authLevel: 'anonymous',
  handler: withProblemResponses(async (request, context) => {
    const services = getServices();
    const caller = await services.verifier.verify(request.headers.get('authorization'));
    const envelope = parseWith(envelopeSchema, await readJsonBody(request), 'The notification envelope');
    const delivery = {
      tenantId: caller.tenantId,
      scenarioId: request.headers.get('scenario-id') ?? undefined,
      clientRequestId: request.headers.get('client-request-id') ?? undefined,
      skypeChainId: request.headers.get('x-microsoft-skype-chain-id') ?? undefined,
    };
    const outcomes = await processNotifications(services, envelope.value);
    for (const outcome of outcomes) context.info('notification item', { ...delivery, ...outcomeFields(outcome) });
    return { status: 202 };
  }),
});
