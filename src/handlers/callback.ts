import { StorageUnavailableError } from '../lib/errors/appError';
import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { classifyItem, envelopeSchema } from '../lib/graph/notificationItem';
import { acceptNotifications } from '../lib/app/notificationService';
import { verifyCallback } from '../lib/app/verifyCallback';
import { itemIds, outcomeFields } from '../lib/app/outcomeLog';
import { getServices, type Services } from '../lib/app/services';
import { parseWith } from '../lib/errors/parseWith';
import { maxNotificationBytes, readJsonBody } from '../lib/http/validation';

const header = (value: string | null) => (value === null ? undefined : value.slice(0, 128));

/** The callback of the instance whose clients `services` gives (tests run a second instance with its own). */
export const callbackHandler = (services: () => Promise<Services>): HttpHandler => withProblemResponses(async (request, context) => {
  const resolved = await services();
  const caller = await verifyCallback(resolved, request.headers.get('authorization'));
  const envelope = parseWith(envelopeSchema, await readJsonBody(request, maxNotificationBytes), 'The notification envelope');
  const delivery = {
    tenantId: caller.tenantId,
    scenarioId: header(request.headers.get('scenario-id')),
    clientRequestId: header(request.headers.get('client-request-id')),
    skypeChainId: header(request.headers.get('x-microsoft-skype-chain-id')),
  };
  try {
    const outcomes = await acceptNotifications(resolved, envelope.value, { warn: (m, f) => context.warn(m, { ...delivery, ...f }), info: (m, f) => context.info(m, { ...delivery, ...f }) });
    for (const outcome of outcomes) context.info('notification item', { ...delivery, ...outcomeFields(outcome) });
  } catch (error) {
    if (error instanceof StorageUnavailableError) {
      // Not acknowledged: Graph delivers again. The items' ids are logged so nothing depends on that.
      context.error('notification not recorded; answering 503', { ...delivery, items: envelope.value.map((raw) => itemIds(classifyItem(raw))) });
    }
    throw error;
  }
  return { status: 202 };
});

export const handler: HttpHandler = callbackHandler(getServices);
