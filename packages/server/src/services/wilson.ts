/**
 * The Wilson score interval's lower bound (Wilson 1927): a pass rate a release
 * gate can trust, because it accounts for the sample size. 3 passes of 3 is
 * a 100 % pass rate but a lower bound of 0.44 at 95 % confidence, so a
 * `passRate: 0.95` policy is not cleared by three lucky runs.
 *
 *     lower = (p̂ + z²/2n − z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)
 *
 * with p̂ = successes ÷ n and z the standard normal quantile of
 * 1 − (1 − confidence)/2 (two-sided: 0.95 → z ≈ 1.96).
 */

/**
 * The standard normal quantile (the inverse of its CDF) at `probability`,
 * 0 < probability < 1: P. J. Acklam's rational approximation (relative error
 * below 1.2 × 10⁻⁹), enough for a confidence level.
 *
 * @example
 * normalQuantile(0.975); // 1.959963985…
 */
export function normalQuantile(probability: number): number {
  if (!(probability > 0 && probability < 1)) throw new RangeError(`probability must be in (0, 1), got ${probability}`);
  const low = 0.02425;
  if (probability < low) return tail(probability);
  if (probability > 1 - low) return -tail(1 - probability);
  const q = probability - 0.5;
  const r = q * q;
  const numerator =
    ((((-39.69683028665376 * r + 220.9460984245205) * r - 275.9285104469687) * r + 138.357751867269) * r - 30.66479806614716) *
      r +
    2.506628277459239;
  const denominator =
    ((((-54.47609879822406 * r + 161.5858368580409) * r - 155.6989798598866) * r + 66.80131188771972) * r - 13.28068155288572) *
      r +
    1;
  return (numerator * q) / denominator;
}

/** The lower tail (probability below 0.02425). */
function tail(probability: number): number {
  const q = Math.sqrt(-2 * Math.log(probability));
  const numerator =
    ((((-0.007784894002430293 * q - 0.3223964580411365) * q - 2.400758277161838) * q - 2.549732539343734) * q +
      4.374664141464968) *
      q +
    2.938163982698783;
  const denominator = (((0.007784695709041462 * q + 0.3224671290700398) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1;
  return numerator / denominator;
}

/**
 * The lower bound of the two-sided Wilson score interval of `successes` in
 * `trials` at `confidence` (default 0.95); `null` when there are no trials
 * (no data is not a pass rate of 0).
 *
 * @example
 * wilsonLowerBound(3, 3); // 0.438… — does not clear 0.95
 * wilsonLowerBound(300, 300); // 0.987…
 */
export function wilsonLowerBound(successes: number, trials: number, confidence = 0.95): number | null {
  if (!Number.isInteger(trials) || trials < 0) throw new RangeError(`trials must be a whole number ≥ 0, got ${trials}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials)
    throw new RangeError(`successes must be a whole number from 0 to ${trials}, got ${successes}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  if (trials === 0) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const rate = successes / trials;
  const zSquared = z * z;
  const centre = rate + zSquared / (2 * trials);
  const margin = z * Math.sqrt((rate * (1 - rate)) / trials + zSquared / (4 * trials * trials));
  return Math.max(0, (centre - margin) / (1 + zSquared / trials));
}
