import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeKey, encodeKey } from '../../../src/lib/storage/keys';

describe('encodeKey', () => {
  it('never yields a character Table Storage forbids in keys, and decodes back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (value) => {
        const key = encodeKey(value);
        expect(key).not.toMatch(/[/\\#?\u0000-\u001f\u007f-\u009f']/);
        expect(decodeKey(key)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });
});
