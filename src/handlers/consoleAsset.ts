import { assetResponse, withConsolePages } from '../lib/console/consoleResponses';
import { consoleScript } from '../lib/console/consoleScript';
import { consoleStyle } from '../lib/console/consoleStyle';
import { NotFoundError } from '../lib/errors/appError';

/** The console's script and styles (no CDN; CSP script-src and style-src 'self'). Anonymous: nothing in them is secret. */
export const handler = withConsolePages(async (request) => {
  if (request.params.asset === 'console.js') return assetResponse('text/javascript', consoleScript);
  if (request.params.asset === 'console.css') return assetResponse('text/css', consoleStyle);
  throw new NotFoundError('This asset');
});
