import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeKey, encodeKey, normalizeId } from '../../src/lib/ids';

describe('normalizeId', () => {
  it('gives legacy upper-case dashless GUIDs their v1.0 spelling', () => {
    expect(normalizeId('491F0B00FFFF4BC9A43EB226498EC22A')).toBe('491f0b00-ffff-4bc9-a43e-b226498ec22a');
    expect(normalizeId('491F0B00-FFFF-4BC9-A43E-B226498EC22A')).toBe('491f0b00-ffff-4bc9-a43e-b226498ec22a');
  });

  it('leaves ids that are not GUIDs alone (apart from surrounding space)', () => {
    expect(normalizeId(' 19:meeting_AbC@thread.v2 ')).toBe('19:meeting_AbC@thread.v2');
  });
});

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
