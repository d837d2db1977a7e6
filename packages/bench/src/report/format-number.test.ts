import { describe, expect, it } from 'vitest';
import { formatCount, formatFixed, formatMiB, formatMs, formatRatio } from './format-number.js';

describe('number formats', () => {
  it('writes counts rounded, with thousands separators', () => {
    expect(formatCount(12_345.4)).toBe('12,345');
    expect(formatCount(0)).toBe('0');
  });

  it('writes milliseconds with fewer decimals as they grow', () => {
    expect(formatMs(1.234)).toBe('1.23');
    expect(formatMs(12.34)).toBe('12.3');
    expect(formatMs(123.4)).toBe('123');
  });

  it('writes fixed decimals, MiB and ratios', () => {
    expect(formatFixed(1.256)).toBe('1.26');
    expect(formatFixed(559, 1)).toBe('559.0');
    expect(formatMiB(1.5 * 1024 * 1024)).toBe('1.5');
    expect(formatRatio(0.8125)).toBe('0.813');
  });

  it('writes n/a for a figure that could not be measured', () => {
    for (const format of [formatCount, formatFixed, formatMs, formatMiB, formatRatio]) {
      expect(format(Number.NaN)).toBe('n/a');
      expect(format(Number.POSITIVE_INFINITY)).toBe('n/a');
    }
  });
});
