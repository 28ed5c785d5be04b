// Stability bands: control limits from a metric's own history (an individuals/XmR chart), computed in the page
// until the API serves them. Normal week-to-week variation stays inside; points outside are real exceptions.

/** Shewhart's d2 for moving ranges of two points: σ ≈ mean moving range / 1.128. */
const D2 = 1.128;

/**
 * Control limits of a series (nulls — suppressed or missing periods — are skipped): the centre line is the mean,
 * sigma is estimated from the mean moving range (robust to a trend shift, unlike the standard deviation), and the
 * limits are centre ± 3 sigma. Returns null with fewer than 3 values. `outside` holds the indexes beyond a limit.
 */
export function controlLimits(values) {
  const present = values.map((v, i) => ({ v, i })).filter((p) => p.v !== null && p.v !== undefined && Number.isFinite(p.v));
  if (present.length < 3) return null;
  const centre = present.reduce((s, p) => s + p.v, 0) / present.length;
  let ranges = 0;
  for (let k = 1; k < present.length; k++) ranges += Math.abs(present[k].v - present[k - 1].v);
  const sigma = ranges / (present.length - 1) / D2;
  const upper = centre + 3 * sigma;
  const lower = centre - 3 * sigma;
  const outside = present.filter((p) => p.v > upper || p.v < lower).map((p) => p.i);
  return { centre, sigma, upper, lower, outside };
}
