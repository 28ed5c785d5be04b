// How values read on the pages: by the metric's format (percent, duration, currency, score, number).

const number = (value, digits) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A value in the metric's format; an em dash when missing. */
export function formatValue(value, format) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (format) {
    case 'PERCENT': return `${number(value * 100, 1)} %`;
    case 'DURATION': return duration(value);
    case 'CURRENCY': return number(value, 2);
    case 'SCORE': return number(value, 2);
    default: return Number.isInteger(value) ? number(value, 0) : number(value, 2);
  }
}

/** A difference in the metric's format (percentage points for percents), signed. */
export function formatDelta(value, format) {
  if (value === null || value === undefined) return '—';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  const magnitude = Math.abs(value);
  return format === 'PERCENT' ? `${sign}${number(magnitude * 100, 1)} pp` : `${sign}${formatValue(magnitude, format)}`;
}

/** A confidence interval as "[low, high]". */
export function formatInterval(ci, format) {
  return ci ? `[${formatValue(ci.low, format)}, ${formatValue(ci.high, format)}]` : '—';
}

function duration(seconds) {
  if (Math.abs(seconds) >= 3600) return `${number(seconds / 3600, 1)} h`;
  if (Math.abs(seconds) >= 60) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${number(seconds, 1)} s`;
}

/** A share in [0, 1] as a percent with one decimal. */
export const formatShare = (share) => (share === null || Number.isNaN(share) ? '—' : `${number(share * 100, 1)} %`);

/** A p- or q-value. */
export const formatP = (p) => (p === null || p === undefined ? '—' : p < 0.001 ? '< 0.001' : number(p, 3));

/** The GraphQL field of a dimension name (snake_case → camelCase), as the schema generates it. */
export const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
