import { normalizeId } from '../domain/ids';

export type ResourceRef =
  | { readonly kind: 'call'; readonly callId: string }
  | { readonly kind: 'participants'; readonly callId: string; readonly participantId: string | undefined }
  | { readonly kind: 'operation'; readonly callId: string; readonly operationId: string };

// v1.0 "/communications/calls/{id}/...", legacy beta "/app/calls/{id}/...", with or without host and version.
const resourcePattern =
  /^(?:https?:\/\/[^/]+)?(?:\/(?:v1\.0|beta))?\/(?:communications|app)\/calls\/([^/?#]+)(?:\/(operations|participants)(?:\/([^/?#]+))?)?\/?$/i;

/** Parses a notification's resourceUrl (or legacy resource) into what it points at. */
export function parseResource(resource: string): ResourceRef | undefined {
  const match = resourcePattern.exec(resource.trim());
  if (!match?.[1]) return undefined;
  const callId = normalizeId(safeDecode(match[1]));
  const collection = match[2]?.toLowerCase();
  const childId = match[3] === undefined ? undefined : normalizeId(safeDecode(match[3]));
  if (collection === undefined) return { kind: 'call', callId };
  if (collection === 'participants') return { kind: 'participants', callId, participantId: childId };
  return childId === undefined ? undefined : { kind: 'operation', callId, operationId: childId };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
