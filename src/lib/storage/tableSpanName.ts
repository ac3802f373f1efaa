/** A span name for a Table service request: the operation, never the keys in its URL. */
export function tableSpanName(request: { readonly url: string; readonly method: string }): string {
  const path = decodeURIComponent(new URL(request.url).pathname);
  const kind = path.endsWith('/$batch') ? 'transaction' : /\/Tables(\(|$)/.test(path) ? 'table' : /\(PartitionKey=/.test(path) ? 'entity' : 'query';
  return `Table ${request.method} ${kind}`;
}
