import { describe, expect, it } from 'vitest';
import { parseResultInfo } from '../../../src/lib/domain/resultInfo';

describe('parseResultInfo: Graph result codes as numbers', () => {
  it('reads codes given as numbers or numeric strings, with spaces and signs', () => {
    expect(parseResultInfo({ code: 403, subcode: 7503, message: 'Forbidden' })).toEqual({ code: 403, subcode: 7503, message: 'Forbidden' });
    expect(parseResultInfo({ code: ' 480 ', subcode: '-1' })).toEqual({ code: 480, subcode: -1, message: undefined });
  });

  it('drops what is not a whole number, and keeps the rest', () => {
    expect(parseResultInfo({ code: '4o4', subcode: 'x1', message: 'm' })).toEqual({ code: undefined, subcode: undefined, message: 'm' });
    expect(parseResultInfo({ code: Number.NaN, subcode: Infinity, message: 7 })).toBeUndefined();
    expect(parseResultInfo({ code: '1.5', subcode: '12 3' })).toBeUndefined();
    expect(parseResultInfo({ subcode: 5 })).toEqual({ code: undefined, subcode: 5, message: undefined });
    expect(parseResultInfo({ code: 0 })).toEqual({ code: 0, subcode: undefined, message: undefined });
    expect(parseResultInfo({ message: '' })).toEqual({ code: undefined, subcode: undefined, message: '' });
  });

  it('caps the message Graph sends at 1,024 characters', () => {
    expect(parseResultInfo({ message: 'x'.repeat(5000) })?.message).toHaveLength(1024);
  });

  it('is undefined for missing, empty or junk values', () => {
    for (const junk of [undefined, null, 'OK', 200, [], {}, { code: null, subcode: {} }]) expect(parseResultInfo(junk)).toBeUndefined();
  });
});
