import { httpFunction } from './register';
/*
 * The operator console (README "Operator console"): pages people open in a browser, signed in with
 * Entra ID (a session cookie, checked by the app), so the host asks for no key on any of them.
 */
httpFunction('consoleCalls', { route: 'console', methods: ['GET'], keyLevel: 'anonymous' });
httpFunction('consoleCall', { route: 'console/calls/{callId}', methods: ['GET'], keyLevel: 'anonymous' });
httpFunction('consoleAction', { route: 'console/calls/{callId}/{action}', methods: ['POST'], keyLevel: 'anonymous' });
httpFunction('consoleResume', { route: 'console/subscriptions/{subscriptionId}/resume', methods: ['POST'], keyLevel: 'anonymous' });
httpFunction('consoleSignIn', { route: 'console/signin', methods: ['GET'], keyLevel: 'anonymous' });
httpFunction('consoleSignOut', { route: 'console/signout', methods: ['POST'], keyLevel: 'anonymous' });
httpFunction('consoleSignedOut', { route: 'console/signedout', methods: ['GET'], keyLevel: 'anonymous' });
httpFunction('consoleAsset', { route: 'console/assets/{asset}', methods: ['GET'], keyLevel: 'anonymous' });
