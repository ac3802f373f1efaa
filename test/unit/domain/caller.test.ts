import { describe, expect, it } from 'vitest';
import { functionKeyCaller, sameCaller, type Caller } from '../../../src/lib/domain/caller';

const app: Caller = { kind: 'application', id: 'a1', tenantId: 't1', appId: 'a1' };

describe('callers', () => {
  it('a function key says nobody in particular', () => {
    expect(functionKeyCaller).toEqual({ kind: 'functionKey', id: undefined, tenantId: undefined, appId: undefined });
  });

  it('the same principal is the same kind, id and tenant, whatever client it used', () => {
    expect(sameCaller(app, { ...app })).toBe(true);
    expect(sameCaller({ ...app, appId: 'other client' }, app)).toBe(true);
    expect(sameCaller({ ...app, id: 'a2' }, app)).toBe(false);
    expect(sameCaller({ ...app, tenantId: 't2' }, app)).toBe(false);
    expect(sameCaller({ ...app, kind: 'user' }, app)).toBe(false);
    expect(sameCaller(undefined, app)).toBe(false);
  });

  it('two key holders are never the same caller (a key cannot say who holds it)', () => {
    expect(sameCaller(functionKeyCaller, functionKeyCaller)).toBe(false);
  });
});
