const guidWithDashes = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guidWithoutDashes = /^[0-9a-f]{32}$/i;

/** Graph's call and participant ids are GUIDs, in either spelling (with dashes, or legacy without). */
export function isGuid(id: string): boolean {
  return guidWithDashes.test(id) || guidWithoutDashes.test(id);
}

/**
 * Graph ids compare equal in all their spellings: legacy payloads carry GUIDs upper-case and
 * without dashes, v1.0 lower-case with dashes.
 */
export function normalizeId(id: string): string {
  const trimmed = id.trim();
  if (guidWithDashes.test(trimmed)) return trimmed.toLowerCase();
  if (guidWithoutDashes.test(trimmed)) {
    const h = trimmed.toLowerCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  return trimmed;
}
