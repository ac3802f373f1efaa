/*
 * The invitation's id in status URLs. Azure's front end decodes percent-escapes in the path
 * before the Functions host routes it (azure-functions-host #9290, PR #9402), so a clientContext
 * with `/`, `%`, `?`, `#` or `:` cannot travel as a path segment, encoded or not. The id is
 * base64url of the clientContext: only unreserved characters, nothing to decode, reversible
 * without a lookup. The prefix tells it apart from the old form (the clientContext itself).
 */
const prefix = 'cc-';
const shape = /^cc-[A-Za-z0-9_-]+$/;

export function invitationIdOf(clientContext: string): string {
  return prefix + Buffer.from(clientContext, 'utf8').toString('base64url');
}

/** The clientContext an id stands for, or undefined when the segment is not an id of ours. */
export function clientContextOfId(segment: string): string | undefined {
  if (!shape.test(segment)) return undefined;
  const clientContext = Buffer.from(segment.slice(prefix.length), 'base64url').toString('utf8');
  // Only the canonical spelling counts, so one invitation has exactly one id.
  return invitationIdOf(clientContext) === segment ? clientContext : undefined;
}
