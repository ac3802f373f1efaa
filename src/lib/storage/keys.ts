/**
 * Table Storage forbids / \ # ? and control characters in keys. Percent-encoding keeps keys
 * readable, reversible and free of those characters (it also encodes % itself).
 */
export function encodeKey(value: string): string {
  // toWellFormed: a lone surrogate (possible in JSON) would make encodeURIComponent throw.
  return encodeURIComponent(value.toWellFormed()).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function decodeKey(key: string): string {
  return decodeURIComponent(key);
}
