import type { HttpClient, PipelineRequest } from '@azure/core-rest-pipeline';

/** Counts Table Storage round trips at the Azure SDK transport: reads, writes, and entities written. */
export class RequestCounter {
  reads = 0;
  writes = 0;
  entitiesWritten = 0;
  enabled = false;

  constructor(private readonly tableEndpoint: () => string) {}

  reset(): void {
    this.reads = 0;
    this.writes = 0;
    this.entitiesWritten = 0;
    this.enabled = true;
  }

  private count(request: PipelineRequest): void {
    const endpoint = this.tableEndpoint();
    if (!this.enabled || !endpoint || !request.url.startsWith(endpoint)) return;
    if (request.method === 'GET') {
      this.reads++;
      return;
    }
    this.writes++;
    if (request.url.includes('$batch')) {
      const body = typeof request.body === 'string' ? request.body : '';
      this.entitiesWritten += (body.match(/^(PUT|POST|PATCH|MERGE|DELETE) https?:/gm) ?? []).length;
    } else {
      this.entitiesWritten++;
    }
  }

  wrap(inner: HttpClient): HttpClient {
    return {
      sendRequest: (request) => {
        this.count(request);
        return inner.sendRequest(request);
      },
    };
  }
}
