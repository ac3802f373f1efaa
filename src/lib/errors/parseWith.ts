import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from './appError';

export function zodIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.slice(0, 20).map((i) => ({
    path: i.path.map(String).join('.') || '(body)',
    message: i.message,
  }));
}

/** Parses a value with a schema, turning failure into a ValidationError about `what`. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string, detail = `${what} is not valid.`): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(detail, zodIssues(parsed.error));
  return parsed.data;
}
