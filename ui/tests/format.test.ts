// Unit tests of the number/label formatting used in every table.
import { describe, expect, it } from 'vitest';
import { fmtCompact, fmtCost, fmtInterval, fmtMs, fmtP, fmtScore, fmtSigned, verdictWords, DASH } from '../src/lib/format';

describe('format', () => {
  it('shows missing values as a dash', () => {
    expect(fmtScore(null)).toBe(DASH);
    expect(fmtCost(undefined)).toBe(DASH);
    expect(fmtInterval(0.1, null)).toBe(DASH);
    expect(fmtMs(Number.NaN)).toBe(DASH);
  });
  it('formats scores, intervals and signed differences', () => {
    expect(fmtScore(0.91666)).toBe('0.917');
    expect(fmtInterval(0.8676, 0.9656)).toBe('[0.868, 0.966]');
    expect(fmtSigned(0.3667)).toBe('+0.367');
    expect(fmtSigned(-0.1)).toBe('-0.100');
  });
  it('formats costs with sensible precision', () => {
    expect(fmtCost(0)).toBe('$0');
    expect(fmtCost(12.345)).toBe('$12.35');
    expect(fmtCost(0.0484)).toBe('$0.048');
    expect(fmtCost(0.0048456)).toBe('$0.0048');
    expect(fmtCost(0.00016915)).toBe('$0.00017');
  });
  it('formats token counts, latencies and p-values', () => {
    expect(fmtCompact(950)).toBe('950');
    expect(fmtCompact(5384)).toBe('5.4k');
    expect(fmtCompact(1_234_567)).toBe('1.23M');
    expect(fmtMs(307.5)).toBe('308 ms');
    expect(fmtMs(1534)).toBe('1.53 s');
    expect(fmtP(1.5366e-8)).toBe('1.5e-8');
    expect(fmtP(0.0421)).toBe('0.042');
  });
  it('says the verdict in plain words', () => {
    expect(verdictWords('b_better')).toBe('B is better');
    expect(verdictWords('a_better')).toBe('A is better');
    expect(verdictWords('no_difference')).toBe('the data cannot tell');
  });
});
