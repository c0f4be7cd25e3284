/**
 * Percentages of reports, rounded to two decimals half away from zero, computed exactly from integers
 * (SPEC «Formulas»: 14.51 ÷ 25 × 100 must be 58.04, not 58.03999…).
 */

/**
 * numerator ÷ denominator × 100, rounded to 2 decimals half away from zero. Both arguments are integers,
 * the numerator possibly scaled by `scale` (e.g. 100 when it holds hundredths of a coefficient).
 * Undefined when the denominator is 0.
 */
export function percentRounded(numerator: number, denominator: number, scale = 1): number | undefined {
  if (![numerator, denominator, scale].every(Number.isSafeInteger) || scale <= 0) {
    throw new RangeError('percentRounded takes integers (and a positive scale)');
  }
  if (denominator === 0) return undefined;
  const sign = Math.sign(numerator) * Math.sign(denominator);
  const num = Math.abs(numerator) * 10_000; // ×100 for the percentage, ×100 for two decimals
  const den = Math.abs(denominator) * scale;
  const hundredths = Math.floor((2 * num + den) / (2 * den)); // floor(x + ½) on non-negative x
  return (sign * hundredths) / 100 || 0; // never −0
}
