// The mix-shift decomposition panel, shown only when the server has the `explain` field (feature check by
// introspection): a metric's change between two windows split into segment mix and within-segment rates.
import { gql } from './api.js';
import { el, refusal, replace } from './dom.js';
import { camel, formatDelta, formatShare, formatValue } from './format.js';

const PART = 'value ci { low high }';

/** Metric types the server can decompose (totals, derived and agreement metrics are refused with NOT_DECOMPOSABLE). */
export const DECOMPOSABLE = ['RATIO', 'MEAN', 'DISTRIBUTION'];

/** The request of one decomposition; `by` takes DimensionName enum values (the MetricRow field names). */
export const explainRequest = `query Explain($metric: String!, $time: TimeWindowInput!, $baseline: TimeWindowInput, $by: [DimensionName!]!) {
  explain(metric: $metric, time: $time, baseline: $baseline, by: $by) {
    metric version currentValue baselineValue currentN baselineN
    total { ${PART} } mix { ${PART} } rate { ${PART} }
    segments { key currentShare baselineShare currentRate baselineRate currentN baselineN mixContribution rateContribution }
  }
}`;

/** Runs and renders a decomposition of `definition` between baseline and time, by the given segments (snake_case). */
export async function renderExplain(container, definition, time, baseline, by) {
  replace(container, el('p', { class: 'muted' }, 'Decomposing…'));
  container.dataset.state = 'running';
  const { data, errors } = await gql(explainRequest, { metric: definition.name, time, baseline, by: by.map(camel) });
  if (errors.length) {
    replace(container, refusal(errors));
    container.dataset.state = 'refused';
    return;
  }
  const x = data.explain;
  const f = (v) => formatDelta(v, definition.format);
  const parts = [['total', 'Total change', x.total], ['mix', 'From segment mix', x.mix], ['rate', 'From within-segment rates', x.rate]];
  replace(container,
    el('p', {}, `${definition.label}: ${formatValue(x.baselineValue, definition.format)} (${baseline.from} to ${baseline.to}, n ${x.baselineN}) → `
      + `${formatValue(x.currentValue, definition.format)} (${time.from} to ${time.to}, n ${x.currentN}).`),
    el('table', { class: 'data', id: 'explain-parts' },
      el('thead', {}, el('tr', {}, ['Part', 'Change', 'CI'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, parts.map(([key, name, p]) => el('tr', { dataset: { part: key, value: p.value } },
        el('th', { scope: 'row' }, name), el('td', {}, f(p.value)), el('td', {}, p.ci ? `[${f(p.ci.low)}, ${f(p.ci.high)}]` : '—'))))),
    el('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Segments', tabindex: 0 },
      el('table', { class: 'data', id: 'explain-segments' },
        el('thead', {}, el('tr', {}, ['Segment', 'Share now', 'Share before', 'Rate now', 'Rate before', 'Mix part', 'Rate part'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, x.segments.map((s) => el('tr', { dataset: { key: s.key, mix: s.mixContribution, rate: s.rateContribution } },
          el('th', { scope: 'row' }, s.key), el('td', {}, formatShare(s.currentShare)), el('td', {}, formatShare(s.baselineShare)),
          el('td', {}, formatValue(s.currentRate, definition.format)), el('td', {}, formatValue(s.baselineRate, definition.format)),
          el('td', {}, f(s.mixContribution)), el('td', {}, f(s.rateContribution))))))));
  container.dataset.state = 'done';
}
