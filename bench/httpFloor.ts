import { app } from '@azure/functions';

export const httpFloorRoute = 'bench/http-floor';

/**
 * A function that does only what every callback must: take the request through the host and the
 * programming model, read and parse its JSON body, answer 202. Registered like the app's own
 * functions, it measures the floor that the hop from Graph costs, before any of our logic or storage.
 */
export function registerHttpFloor(): void {
  app.http('benchHttpFloor', {
    route: httpFloorRoute,
    methods: ['POST'],
    authLevel: 'anonymous',
    handler: async (request) => {
      JSON.parse(await request.text());
      return { status: 202 };
    },
  });
}
