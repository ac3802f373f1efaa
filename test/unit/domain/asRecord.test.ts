import { describe, expect, it } from 'vitest';
import { asRecord } from '../../../src/lib/domain/asRecord';

describe('asRecord', () => {
  it('is the object itself for a plain JSON object, and undefined for anything else', () => {
    const object = { a: 1 };
    expect(asRecord(object)).toBe(object);
    for (const other of [null, undefined, [], [1], 'x', 1, true]) expect(asRecord(other), JSON.stringify(other)).toBeUndefined();
  });
});
