import { describe, expect, it } from 'vitest';
import { graphErrorInfo } from '../../../src/lib/graph/graphErrorBody';

const inner = { errorCode: '7503', message: 'Application is not registered in our store.', instanceAnnotations: [] };

describe('graphErrorInfo', () => {
  it('takes the code and message from JSON inside error.message (errorCode or code)', () => {
    const body = { error: { code: 'UnknownError', message: JSON.stringify(inner), innerError: { 'request-id': 'r-1' } } };
    expect(graphErrorInfo(body, undefined)).toEqual({ code: '7503', message: inner.message, requestId: 'r-1' });
    const coded = { error: { code: 'UnknownError', message: JSON.stringify({ code: '7503', message: 'm', target: null }) } };
    expect(graphErrorInfo(coded, 'h-1')).toEqual({ code: '7503', message: 'm', requestId: 'h-1' });
  });

  it('keeps plain messages, messages that only look like JSON, and the outer code when the inner has none', () => {
    expect(graphErrorInfo({ error: { code: 'itemNotFound', message: 'gone' } }, undefined)).toEqual({ code: 'itemNotFound', message: 'gone', requestId: undefined });
    expect(graphErrorInfo({ error: { code: 'X', message: '{not json' } }, undefined)).toMatchObject({ code: 'X', message: '{not json' });
    expect(graphErrorInfo({ error: { code: 'X', message: '{"message":"inner"}' } }, undefined)).toMatchObject({ code: 'X', message: 'inner' });
    expect(graphErrorInfo(undefined, undefined)).toEqual({ code: undefined, message: undefined, requestId: undefined });
  });
});
