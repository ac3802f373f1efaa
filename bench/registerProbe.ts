/*
 * Loads a function app entry the way the Functions worker does (it supplies @azure/functions-core),
 * checks every function registered, and exits. The bench times this process from spawn to exit.
 */
import { installFunctionsCore } from '../dev/functionsCore';

const registrations = installFunctionsCore();
require(process.argv[2] ?? '');
// The exit code says whether all registered; nothing is printed, since opening stdout loads
// modules of its own (net, stream) that would be measured as if the app loaded them.
process.exitCode = registrations.size >= 10 ? 0 : 1;
