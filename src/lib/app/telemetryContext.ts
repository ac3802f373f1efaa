import type { InvocationContext } from '@azure/functions';
import type { LogLevel, Telemetry } from '../telemetry/telemetry';

const levels = new Map<PropertyKey, LogLevel>([
  ['log', 'information'],
  ['trace', 'trace'],
  ['debug', 'debug'],
  ['info', 'information'],
  ['warn', 'warning'],
  ['error', 'error'],
]);

const isFields = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error);

/**
 * The invocation context a handler is given: its log methods (`context.info(message, fields)`)
 * also emit a log record whose attributes are the fields' allowed dimensions, and put those on the
 * invocation's span. The Node.js worker would fold `fields` into the message text, leaving
 * Application Insights nothing to filter by (azure-functions-nodejs-library #227).
 */
export function withTelemetryLog(context: InvocationContext, telemetry: Telemetry): InvocationContext {
  return new Proxy(context, {
    get(target, property) {
      const level = levels.get(property);
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => void).bind(target);
      if (level === undefined) return method;
      return (...args: unknown[]) => {
        const message = args.filter((a) => typeof a === 'string').join(' ');
        const fields = Object.assign({}, ...args.filter(isFields)) as Record<string, unknown>;
        telemetry.annotate(fields);
        telemetry.log(level, message, fields);
        if (telemetry.writesHostLog) method(...args);
      };
    },
  });
}
