import { AppError } from '../errors/appError';

/** Table string properties hold at most 32K UTF-16 characters; longer JSON is split. */
const chunkChars = 30_000;
// An entity holds at most 1 MiB, and Table counts strings as UTF-16.
const maxChunks = 16;

/** Splits a value's JSON over properties `${name}0`, `${name}1`, ... plus `${name}Chunks`. */
export function toChunks(name: string, value: unknown): Record<string, string | number> {
  const json = JSON.stringify(value);
  const count = Math.ceil(json.length / chunkChars);
  if (count > maxChunks) {
    throw new AppError('entity-too-large', 413, 'Too large to store', { detail: `The ${name} data is too large for one table row.` });
  }
  const props: Record<string, string | number> = { [`${name}Chunks`]: count };
  for (let i = 0; i < count; i++) props[`${name}${i}`] = json.slice(i * chunkChars, (i + 1) * chunkChars);
  return props;
}

export function fromChunks<T>(name: string, entity: Record<string, unknown>, empty: T): T {
  const count = entity[`${name}Chunks`];
  if (typeof count !== 'number' || count === 0) return empty;
  let json = '';
  for (let i = 0; i < count; i++) json += String(entity[`${name}${i}`] ?? '');
  return JSON.parse(json) as T;
}
