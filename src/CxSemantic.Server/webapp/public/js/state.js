// The dashboard's view state lives in the query string, so a view is a shareable URL (and the back button works).

/** The view state read from the current URL. */
export function readState() {
  const q = new URLSearchParams(location.search);
  return {
    period: q.get('period'),
    metric: q.get('m'),
    by: (q.get('by') ?? '').split(',').filter(Boolean),
    filters: q.getAll('f').map(parseFilter).filter(Boolean),
    from: q.get('from'),
    to: q.get('to'),
    grain: q.get('grain') ?? '',
    compare: q.get('cmp') ?? '',
    trend: q.get('trend'),
    series: q.get('series'),
    explored: q.has('m'),
  };
}

/** Writes the state to the URL (replacing the history entry) and returns the absolute link. */
export function writeState(state) {
  const q = new URLSearchParams();
  if (state.period) q.set('period', state.period);
  if (state.metric) q.set('m', state.metric);
  if (state.by.length) q.set('by', state.by.join(','));
  for (const f of state.filters) q.append('f', `${f.dimension}:${f.values.join('|')}`);
  if (state.from) q.set('from', state.from);
  if (state.to) q.set('to', state.to);
  if (state.grain) q.set('grain', state.grain);
  if (state.compare) q.set('cmp', state.compare);
  if (state.trend) q.set('trend', state.trend);
  if (state.series) q.set('series', state.series);
  const url = `${location.pathname}?${q.toString()}`;
  history.replaceState(null, '', url);
  return new URL(url, location.origin).toString();
}

function parseFilter(text) {
  const at = text.indexOf(':');
  if (at <= 0) return null;
  return { dimension: text.slice(0, at), values: text.slice(at + 1).split('|').filter(Boolean) };
}

/** Local calendar helpers over ISO dates (yyyy-mm-dd), in UTC so that no browser zone shifts a day. */
export const dates = {
  parse: (iso) => new Date(`${iso}T00:00:00Z`),
  iso: (date) => date.toISOString().slice(0, 10),
  addDays: (iso, days) => dates.iso(new Date(dates.parse(iso).getTime() + days * 86400000)),
  addMonths: (iso, months) => {
    const d = dates.parse(iso);
    return dates.iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)));
  },
  /** The Monday on or before a date (ISO weeks start on Monday). */
  monday: (iso) => dates.addDays(iso, -((dates.parse(iso).getUTCDay() + 6) % 7)),
  /** [from, to) of the month yyyy-mm. */
  month: (yyyymm) => ({ from: `${yyyymm}-01`, to: dates.addMonths(`${yyyymm}-01`, 1) }),
};
