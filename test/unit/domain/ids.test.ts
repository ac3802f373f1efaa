import { describe, expect, it } from 'vitest';
import { isGuid, normalizeId } from '../../../src/lib/domain/ids';

describe('normalizeId', () => {
  it('gives legacy upper-case dashless GUIDs their v1.0 spelling', () => {
    expect(normalizeId('491F0B00FFFF4BC9A43EB226498EC22A')).toBe('491f0b00-ffff-4bc9-a43e-b226498ec22a');
    expect(normalizeId('491F0B00-FFFF-4BC9-A43E-B226498EC22A')).toBe('491f0b00-ffff-4bc9-a43e-b226498ec22a');
  });

  it('leaves ids that are not GUIDs alone (apart from surrounding space)', () => {
    expect(normalizeId(' 19:meeting_AbC@thread.v2 ')).toBe('19:meeting_AbC@thread.v2');
    // Something that merely contains a GUID is not one.
    for (const id of ['X491F0B00-FFFF-4BC9-A43E-B226498EC22A', '491F0B00-FFFF-4BC9-A43E-B226498EC22AX', 'X491F0B00FFFF4BC9A43EB226498EC22A', '491F0B00FFFF4BC9A43EB226498EC22AX']) {
      expect(normalizeId(id)).toBe(id);
    }
  });
});

describe('isGuid', () => {
  it("accepts Graph's GUIDs in both spellings, any case", () => {
    for (const id of ['491f0b00-ffff-4bc9-a43e-b226498ec22a', '491F0B00-FFFF-4BC9-A43E-B226498EC22A', '491F0B00FFFF4BC9A43EB226498EC22A']) expect(isGuid(id), id).toBe(true);
  });

  it('refuses anything else, also what merely contains a GUID', () => {
    for (const id of ['invite', '', ' 491f0b00-ffff-4bc9-a43e-b226498ec22a', 'X491F0B00-FFFF-4BC9-A43E-B226498EC22A', '491F0B00-FFFF-4BC9-A43E-B226498EC22AX', 'X491F0B00FFFF4BC9A43EB226498EC22A', '491F0B00FFFF4BC9A43EB226498EC22AX', '491f0b00-ffff-4bc9-a43e-b226498ec22g', '491f0b00ffff-4bc9-a43e-b226498ec22a']) {
      expect(isGuid(id), id).toBe(false);
    }
  });
});
