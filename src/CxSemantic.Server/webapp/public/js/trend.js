// The trend chart: weekly values with their confidence band, the metric's thresholds, and stability bands (control
// limits from the metric's own history). Points outside the limits are flagged on the chart and listed in text.
import { gql } from './api.js';
import { el, replace } from './dom.js';
import { camel, formatValue } from './format.js';
import { dates } from './state.js';
import { controlLimits } from './stats.js';

/** Weeks of history the chart (and its control limits) use. */
export const TREND_WEEKS = 26;

/** The trend window: the 26 whole ISO weeks before the Monday on or before `end`. */
export function trendWindow(end) {
  const to = dates.monday(end);
  return { from: dates.addDays(to, -7 * TREND_WEEKS), to, grain: 'WEEK' };
}

/** The GraphQL request of a metric's trend (split by its required segments). */
export function trendRequest(definition) {
  const dims = definition.segmentation.required.map(camel).join(' ');
  return `query Trend($time: TimeWindowInput!) {
  metrics(time: $time) { rows { period ${dims} ${definition.field} { value n ci { low high } suppressed status } } }
}`;
}

/** Loads the trend; resolves to { series: Map(key → points), errors }. */
export async function loadTrend(definition, end) {
  const { data, errors } = await gql(trendRequest(definition), { time: trendWindow(end) });
  const series = new Map();
  for (const row of (data?.metrics.rows ?? []).filter((r) => r[definition.field])) {
    const key = definition.segmentation.required.map((r) => `${r}=${row[camel(r)]}`).join(', ') || 'all';
    if (!series.has(key)) series.set(key, []);
    const c = row[definition.field];
    series.get(key).push({ period: row.period.slice(0, 10), value: c.suppressed ? null : c.value, low: c.ci?.low ?? null, high: c.ci?.high ?? null, n: c.n });
  }
  return { series, errors };
}

let chart = null;

/** Draws one series; notes receives the limits and the flagged points as text (the chart's accessible equivalent). */
export function renderTrend(canvas, notes, definition, key, points) {
  const labels = points.map((p) => p.period);
  const values = points.map((p) => p.value);
  const limits = controlLimits(values);
  const flat = (v) => labels.map(() => v);
  const datasets = [
    { label: 'CI high', data: points.map((p) => p.high), borderWidth: 0, pointRadius: 0, fill: '+1', backgroundColor: 'rgba(37, 99, 235, 0.15)' },
    { label: 'CI low', data: points.map((p) => p.low), borderWidth: 0, pointRadius: 0, fill: false },
    {
      label: definition.label,
      data: values,
      borderColor: '#1d4ed8',
      borderWidth: 2,
      spanGaps: false,
      pointRadius: values.map((_, i) => (limits?.outside.includes(i) ? 6 : 3)),
      pointStyle: values.map((_, i) => (limits?.outside.includes(i) ? 'triangle' : 'circle')),
      pointBackgroundColor: values.map((_, i) => (limits?.outside.includes(i) ? '#b91c1c' : '#1d4ed8')),
    },
  ];
  if (limits) {
    datasets.push(
      { label: 'Upper control limit', data: flat(limits.upper), borderColor: '#6b7280', borderDash: [6, 4], borderWidth: 1, pointRadius: 0 },
      { label: 'Centre line', data: flat(limits.centre), borderColor: '#9ca3af', borderDash: [2, 3], borderWidth: 1, pointRadius: 0 },
      { label: 'Lower control limit', data: flat(limits.lower), borderColor: '#6b7280', borderDash: [6, 4], borderWidth: 1, pointRadius: 0 });
  }
  if (definition.thresholds) {
    datasets.push(
      { label: 'Green threshold', data: flat(definition.thresholds.green), borderColor: '#15803d', borderWidth: 1, pointRadius: 0 },
      { label: 'Amber threshold', data: flat(definition.thresholds.amber), borderColor: '#b45309', borderWidth: 1, pointRadius: 0 });
  }
  const format = (v) => formatValue(v, definition.format);
  chart?.destroy();
  // Built without npm, Chart.js is absent: the chart is left out, its notes and data table still render.
  canvas.hidden = !window.Chart;
  chart = window.Chart && new window.Chart(canvas, {
    type: 'line',
    data: { labels, datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: { y: { ticks: { callback: format } } },
      plugins: {
        legend: { labels: { filter: (item) => !item.text.startsWith('CI ') } },
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${format(ctx.parsed.y)}` } },
      },
    },
  });
  const outside = limits?.outside ?? [];
  canvas.setAttribute('aria-label', `${definition.label}, ${key}, weekly: ${points.length} weeks, ${outside.length} outside the control limits.`);
  replace(notes,
    limits
      ? el('p', {}, `Stability band (individuals chart over these ${points.length} weeks): centre ${format(limits.centre)}, limits ${format(limits.lower)} – ${format(limits.upper)}.`)
      : el('p', { class: 'muted' }, 'Too few shown values for control limits.'),
    outside.length
      ? el('ul', { class: 'flagged', 'aria-label': 'Weeks outside the control limits' }, outside.map((i) =>
        el('li', { dataset: { period: labels[i] } }, `Week of ${labels[i]}: ${format(values[i])} (${values[i] > limits.upper ? 'above' : 'below'} the band)`)))
      : el('p', {}, 'No week outside the band: the variation is normal.'),
    el('details', {}, el('summary', {}, 'Chart data as a table'),
      el('table', { class: 'data' },
        el('thead', {}, el('tr', {}, ['Week', 'Value', 'CI low', 'CI high', 'n'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, points.map((p) => el('tr', {}, [p.period, format(p.value), format(p.low), format(p.high), String(p.n)].map((x) => el('td', {}, x))))))));
  if (!window.Chart) {
    notes.prepend(el('p', { class: 'muted' }, 'No chart: Chart.js was not installed when the server was built (npm was not on PATH). Install Node.js and rebuild.'));
  }
}
