// The mix-shift decomposition panel, shown only when the server has the `explain` field (feature check by
// introspection): the change of a ratio metric between two periods split into segment mix and within-segment rates.
import { gql } from './api.js';
import { el, refusal, replace } from './dom.js';
import { formatDelta, formatInterval, formatShare, formatValue } from './format.js';

const PART = 'value ci { low high }';

/** The request of one decomposition. */
export const explainRequest = `query Explain($metric: String!, $time: TimeWindowInput!, $baseline: TimeWindowInput!, $by: [String!]!) {
  explain(metric: $metric, time: $time, baseline: $baseline, by: $by) {
    metric total { ${PART} } mix { ${PART} } rate { ${PART} }
    segments { key currentShare baselineShare currentRate baselineRate mixContribution rateContribution }
  }
}`;

/** Runs and renders a decomposition of `definition` between baseline and time, by the given segments. */
export async function renderExplain(container, definition, time, baseline, by) {
  replace(container, el('p', { class: 'muted' }, 'Decomposing…'));
  const { data, errors } = await gql(explainRequest, { metric: definition.name, time, baseline, by });
  if (errors.length) {
    replace(container, refusal(errors));
    return;
  }
  const x = data.explain;
  const f = (v) => formatDelta(v, definition.format);
  const parts = [['Total change', x.total], ['From segment mix', x.mix], ['From within-segment rates', x.rate]];
  replace(container,
    el('table', { class: 'data' },
      el('thead', {}, el('tr', {}, ['Part', 'Change', 'CI'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, parts.map(([name, p]) => el('tr', {}, el('th', { scope: 'row' }, name), el('td', {}, f(p.value)), el('td', {}, formatInterval(p.ci, definition.format)))))),
    el('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Segments', tabindex: 0 },
      el('table', { class: 'data' },
        el('thead', {}, el('tr', {}, ['Segment', 'Share now', 'Share before', 'Rate now', 'Rate before', 'Mix part', 'Rate part'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, x.segments.map((s) => el('tr', {},
          el('th', { scope: 'row' }, s.key), el('td', {}, formatShare(s.currentShare)), el('td', {}, formatShare(s.baselineShare)),
          el('td', {}, formatValue(s.currentRate, definition.format)), el('td', {}, formatValue(s.baselineRate, definition.format)),
          el('td', {}, f(s.mixContribution)), el('td', {}, f(s.rateContribution))))))));
}
