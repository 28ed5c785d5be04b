// The scorecard: every metric the caller may see, for one period, compared with the previous period.
// Metrics that must be split (segmentation.required) are asked per required segment: unsplit values mislead.
import { gql } from './api.js';
import { CELL_FRAGMENT, CELL_HEADERS, cellColumns, immatureShare } from './cells.js';
import { el, refusal, replace } from './dom.js';
import { camel } from './format.js';

/** The GraphQL request of one metric's scorecard cells (split by its required segments, if any). */
export function scorecardRequest(definition) {
  const dims = definition.segmentation.required.map(camel).join(' ');
  return `query Scorecard($time: TimeWindowInput!) {
  metrics(time: $time, compare: { previousPeriod: true }) { rows { period ${dims} ${definition.field} { ...Cell } } catalogVersion }
}
${CELL_FRAGMENT}`;
}

/**
 * Loads the scorecard for [from, to): one request per metric, all in flight together. One request per metric rather
 * than one for all: a refusal (e.g. ACCESS_DENIED) then hides only its metric, answers are cached per metric, and on
 * the 1M demo 28 metrics in one statement ran into the query timeout while one by one they take well under a second
 * each. onProgress(done, total) reports answers as they arrive. Resolves to [{ definition, rows, errors }] in order.
 */
export async function loadScorecard(definitions, time, onProgress = () => {}) {
  let done = 0;
  return Promise.all(definitions.map(async (d) => {
    const answer = await gql(scorecardRequest(d), { time });
    onProgress(++done, definitions.length);
    return entry(d, d.segmentation.required, answer.data?.metrics.rows ?? [], answer.errors);
  }));
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
