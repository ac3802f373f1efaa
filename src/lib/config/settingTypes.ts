import { z } from 'zod';

/** Setting shapes shared by config.ts and apiAuthSettings.ts. */
export const csv = z
  .string()
  .transform((s) => s.split(',').map((p) => p.trim()).filter((p) => p.length > 0));
export const httpUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
export const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
