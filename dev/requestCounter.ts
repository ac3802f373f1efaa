import type { HttpClient, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';

/** Percent-decoded where it decodes (a body may hold a lone "%"). */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Counts Table Storage round trips at the Azure SDK transport: reads, writes, entities written,
 * and the entities every read returned, by PartitionKey (so a test can say whose rows were read).
 */
export class RequestCounter {
  reads = 0;
  writes = 0;
  /** Requests the service refused (4xx/5xx): lost ETag races among them. */
  failed = 0;
  entitiesWritten = 0;
  entitiesRead = 0;
  /**
   * Writes to the sweeps' partitions ("!sweep-NN": checks, retention checks, leases): the
   * bookkeeping of invitations and calls, beside the writes of the data itself.
   */
  sweepWrites = 0;
  /**
   * Queries that name no partition (no `PartitionKey eq`): Table Storage has no secondary index,
   * so the service scans partitions for them, whatever few rows they return.
   */
  scans = 0;
  /** The same scans by table name (the sweeps' work table holds only open work: a scan there is cheap). */
  readonly scansByTable = new Map<string, number>();
  readonly partitionsRead = new Map<string, number>();
  enabled = false;

  constructor(private readonly tableEndpoint: () => string) {}

  reset(): void {
    this.reads = 0;
    this.writes = 0;
    this.failed = 0;
    this.entitiesWritten = 0;
    this.entitiesRead = 0;
    this.sweepWrites = 0;
    this.scans = 0;
    this.scansByTable.clear();
    this.partitionsRead.clear();
    this.enabled = true;
  }

  /** Storage transactions (billable requests) so far: every read and write. */
  get transactions(): number {
    return this.reads + this.writes;
  }

  private counts(request: PipelineRequest): boolean {
    const endpoint = this.tableEndpoint();
    return this.enabled && endpoint !== '' && request.url.startsWith(endpoint);
  }

  private count(request: PipelineRequest): void {
    if (request.method === 'GET') {
      this.reads++;
      const url = new URL(request.url);
      const isQuery = !/\(PartitionKey=/.test(decodeURIComponent(url.pathname));
      if (isQuery && !/PartitionKey eq /.test(url.searchParams.get('$filter') ?? '')) {
        this.scans++;
        const table = /([^/]+)\(\)$/.exec(url.pathname)?.[1] ?? '';
        this.scansByTable.set(table, (this.scansByTable.get(table) ?? 0) + 1);
      }
      return;
    }
    this.writes++;
    const body = typeof request.body === 'string' ? request.body : '';
    if (/PartitionKey='!sweep-/.test(decoded(request.url.includes('$batch') ? body : request.url))) this.sweepWrites++;
    if (request.url.includes('$batch')) {
      this.entitiesWritten += (body.match(/^(PUT|POST|PATCH|MERGE|DELETE) https?:/gm) ?? []).length;
    } else {
      this.entitiesWritten++;
    }
  }

  private sawRead(partitionKey: string): void {
    this.entitiesRead++;
    this.partitionsRead.set(partitionKey, (this.partitionsRead.get(partitionKey) ?? 0) + 1);
  }

  /** A query answers { value: [...] } (rows carry PartitionKey unless a select left it out), a point read one entity. */
  private countRead(response: PipelineResponse): void {
    if (response.request.method !== 'GET' || response.status !== 200 || !response.bodyAsText) return;
    const body = JSON.parse(response.bodyAsText) as { value?: { PartitionKey?: string }[]; PartitionKey?: string };
    if (Array.isArray(body.value)) {
      for (const e of body.value) this.sawRead(e.PartitionKey ?? '');
      return;
    }
    const key = /\(PartitionKey='((?:[^']|'')*)'/.exec(decodeURIComponent(new URL(response.request.url).pathname));
    this.sawRead(body.PartitionKey ?? key?.[1]?.replaceAll("''", "'") ?? '');
  }

  wrap(inner: HttpClient): HttpClient {
    return {
      sendRequest: async (request) => {
        const counting = this.counts(request);
        if (counting) this.count(request);
        const response = await inner.sendRequest(request);
        if (counting) {
          // A refused transaction answers 202 and carries the refusal in its changeset response.
          const refusedBatch = request.url.includes('$batch') && /HTTP\/1\.1 [45]\d\d/.test(response.bodyAsText ?? '');
          if (response.status >= 400 || refusedBatch) this.failed++;
          this.countRead(response);
        }
        return response;
      },
    };
  }
}
