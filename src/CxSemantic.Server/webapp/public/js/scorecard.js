// The scorecard: every metric the caller may see, for one period, compared with the previous period.
// Metrics that must be split (segmentation.required) are asked per required segment: unsplit values mislead.
import { gql } from './api.js';
import { CELL_FRAGMENT, CELL_HEADERS, cellColumns, immatureShare } from './cells.js';
import { el, refusal, replace } from './dom.js';
import { camel } from './format.js';

/** The GraphQL request of one group of metrics sharing their required segments. */
export function scorecardRequest(definitions, required) {
  const dims = required.map(camel).join(' ');
  const fields = definitions.map((d) => `${d.field} { ...Cell }`).join(' ');
  return `query Scorecard($time: TimeWindowInput!) {
  metrics(time: $time, compare: { previousPeriod: true }) { rows { period ${dims} ${fields} } catalogVersion }
}
${CELL_FRAGMENT}`;
}

/** Groups the definitions by their required segments (one request per group). */
export function groupByRequired(definitions) {
  const groups = new Map();
  for (const d of definitions) {
    const key = d.segmentation.required.join(',');
    if (!groups.has(key)) groups.set(key, { required: d.segmentation.required, definitions: [] });
    groups.get(key).definitions.push(d);
  }
  return [...groups.values()];
}

/**
 * Loads the scorecard for [from, to): one request per group; a refused group is retried metric by metric so one refusal
 * (e.g. ACCESS_DENIED on a single metric) does not hide the others. Resolves to [{ definition, rows, errors }].
 */
export async function loadScorecard(definitions, time) {
  const results = await Promise.all(groupByRequired(definitions).map(async (group) => {
    const answer = await gql(scorecardRequest(group.definitions, group.required), { time });
    if (!answer.errors.length) return group.definitions.map((d) => entry(d, group.required, answer.data.metrics.rows, []));
    return Promise.all(group.definitions.map(async (d) => {
      const single = await gql(scorecardRequest([d], group.required), { time });
      return entry(d, group.required, single.data?.metrics.rows ?? [], single.errors);
    }));
  }));
  const byName = new Map(results.flat().map((r) => [r.definition.name, r]));
  return definitions.map((d) => byName.get(d.name));
}

function entry(definition, required, rows, errors) {
  return {
    definition,
    errors,
    // A row of the group where this metric has no cell (another metric's segment) is not this metric's row.
    rows: rows.filter((row) => row[definition.field]).map((row) => ({
      segment: required.map((r) => `${r}=${row[camel(r)] ?? '∅'}`).join(', '),
      cell: row[definition.field],
    })),
  };
}

const COLUMNS = ['Metric', 'Segment', ...CELL_HEADERS, 'Version'];

/** Renders the scorecard table into container; onTrend/onExplore are called with a metric name. */
export function renderScorecard(container, entries, { onTrend, onExplore }) {
  const head = el('tr', {}, [...COLUMNS, ''].map((h) => el('th', { scope: 'col' }, h)));
  const body = el('tbody');
  for (const { definition: d, rows, errors } of entries) {
    const name = el('th', { scope: 'row', rowspan: Math.max(rows.length, 1) },
      el('a', { href: `/glossary/${encodeURIComponent(d.name)}` }, d.label), el('small', {}, d.name));
    const actions = el('td', { class: 'row-actions', rowspan: Math.max(rows.length, 1) },
      el('button', { type: 'button', onclick: () => onTrend(d.name), 'aria-label': `Trend of ${d.label}` }, 'Trend'),
      el('button', { type: 'button', onclick: () => onExplore(d.name), 'aria-label': `Explore ${d.label}` }, 'Explore'));
    if (errors.length) {
      body.append(el('tr', { dataset: { metric: d.name, refused: errors[0].extensions?.code ?? 'ERROR' } },
        name, el('td', { colspan: CELL_HEADERS.length + 2 }, refusal(errors, 'Not shown')), actions));
      continue;
    }
    if (!rows.length) {
      body.append(el('tr', { dataset: { metric: d.name, empty: 'true' } }, name, el('td', { colspan: CELL_HEADERS.length + 2, class: 'muted' }, 'no data in this period'), actions));
      continue;
    }
    rows.forEach((row, i) => {
      const c = row.cell;
      const tr = el('tr', {
        class: c.status ? `status-${c.status.toLowerCase()}` : undefined,
        dataset: { metric: d.name, segment: row.segment, value: c.value ?? '', n: c.n, status: c.status ?? '', version: c.version, immature: immatureShare(c) ?? '' },
      });
      if (i === 0) tr.append(name);
      // data-label: the column's name, shown beside each cell when the table stacks at phone width.
      const cells = [row.segment || 'all', ...cellColumns(c, d.format), `v${c.version}`];
      tr.append(...cells.map((x, k) => el('td', { 'data-label': COLUMNS[k + 1] }, x)));
      if (i === 0) tr.append(actions);
      body.append(tr);
    });
  }
  replace(container, el('table', { class: 'data scorecard' }, el('caption', { class: 'visually-hidden' }, 'Scorecard: one row per metric and required segment'), el('thead', {}, head), body));
}
