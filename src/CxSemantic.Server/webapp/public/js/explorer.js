// The cohort-slice explorer: one metric, group-by dimensions allowed by its segmentation, filters, window, grain and
// comparison. The request is built from the form; refusals come back from the server with their fix and are shown as such.
import { gql } from './api.js';
import { CELL_FRAGMENT, CELL_HEADERS, cellColumns, immatureShare } from './cells.js';
import { el, refusal, replace } from './dom.js';
import { camel } from './format.js';

/** The GraphQL request (query text and variables) of a slice. */
export function sliceRequest(definition, slice) {
  const dims = slice.by.map(camel).join(' ');
  const query = `query Slice($time: TimeWindowInput!, $where: MetricFilterInput, $compare: CompareInput) {
  metrics(time: $time, where: $where, compare: $compare) { rows { period ${dims} ${definition.field} { ...Cell } } catalogVersion }
}
${CELL_FRAGMENT}`;
  const time = { from: slice.from, to: slice.to };
  if (slice.grain) time.grain = slice.grain;
  const variables = { time };
  const filters = slice.filters.filter((f) => f.values.length);
  if (filters.length) variables.where = Object.fromEntries(filters.map((f) => [camel(f.dimension), f.values.length === 1 ? { eq: f.values[0] } : { in: f.values }]));
  if (slice.compare === 'previous') variables.compare = { previousPeriod: true };
  return { query, variables };
}

/** Runs a slice; resolves to { rows, errors, request }. */
export async function runSlice(definition, slice) {
  const request = sliceRequest(definition, slice);
  const { data, errors } = await gql(request.query, request.variables);
  return { rows: (data?.metrics.rows ?? []).filter((row) => row[definition.field]), errors, request };
}

/** The table's columns: period, each group-by dimension, then the cell's. */
function headers(slice) {
  return ['Period', ...slice.by, ...CELL_HEADERS];
}

/** Renders the answer (or the refusal) into container. */
export function renderSlice(container, definition, slice, answer) {
  if (answer.errors.length) {
    replace(container, refusal(answer.errors));
    return;
  }
  if (!answer.rows.length) {
    replace(container, el('p', { class: 'muted' }, 'No rows: nothing matches this slice.'));
    return;
  }
  const head = el('tr', {}, headers(slice).map((h) => el('th', { scope: 'col' }, h)));
  const body = el('tbody', {}, answer.rows.map((row) => {
    const c = row[definition.field];
    return el('tr', { dataset: { value: c.value ?? '', n: c.n } },
      el('td', {}, row.period), slice.by.map((d) => el('td', {}, row[camel(d)] ?? '∅')), cellColumns(c, definition.format).map((x) => el('td', {}, x)));
  }));
  replace(container,
    el('p', { class: 'muted' }, `${answer.rows.length} rows · ${definition.label} (v${definition.version})`),
    el('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Slice result', tabindex: 0 },
      el('table', { class: 'data explorer', id: 'explorer-table' }, el('thead', {}, head), body)));
}

/** The slice's answer as CSV (RFC 4180 quoting), raw numbers rather than formatted text. */
export function sliceCsv(definition, slice, rows) {
  const header = ['period', ...slice.by, 'metric', 'value', 'ci_low', 'ci_high', 'n', 'status', 'suppressed', 'immature_share', 'delta', 'delta_q_value', 'delta_significant', 'version'];
  const lines = rows.map((row) => {
    const c = row[definition.field];
    return [row.period, ...slice.by.map((d) => row[camel(d)]), definition.name, c.value, c.ci?.low, c.ci?.high, c.n, c.status, c.suppressed,
      immatureShare(c), c.delta?.value, c.delta?.qValue, c.delta?.significant, c.version];
  });
  return [header, ...lines].map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value) {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Offers text as a file download. */
export function download(name, text, type = 'text/csv') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The group-by checkboxes of a metric (required ones checked by default and marked), and its filter dimensions. */
export function dimensionChoices(definition) {
  const { required, allowed } = definition.segmentation;
  return [...new Set([...required, ...allowed])].map((name) => ({ name, required: required.includes(name) }));
}

/** Fills the "Group by" fieldset; checked: the dimensions to tick. */
export function renderGroupBy(fieldset, definition, checked) {
  const legend = fieldset.querySelector('legend');
  replace(fieldset, legend, dimensionChoices(definition).map(({ name, required }) =>
    el('label', { class: 'check' },
      el('input', { type: 'checkbox', name: 'by', value: name, checked: checked.includes(name) }),
      ` ${name}`, required ? el('small', {}, ' (required)') : null)));
}

/** One filter row: a dimension and its values (enum values listed; other dimensions typed, comma separated). */
export function filterRow(definition, dimensions, filter = { dimension: '', values: [] }) {
  const choices = dimensionChoices(definition).map((c) => c.name);
  const id = `f-${Math.random().toString(36).slice(2, 8)}`;
  const dimension = el('select', { id: `${id}-d`, class: 'f-dim' }, el('option', { value: '' }, '(choose)'),
    choices.map((c) => el('option', { value: c, selected: c === filter.dimension }, c)));
  const values = el('span', { class: 'f-values' });
  const fillValues = () => {
    const info = dimensions.get(dimension.value);
    if (info && info.enumValues.length) {
      replace(values, el('label', { for: `${id}-v`, class: 'visually-hidden' }, 'Values'),
        el('select', { id: `${id}-v`, class: 'f-val', multiple: true, size: Math.min(info.enumValues.length, 4) },
          info.enumValues.map((v, i) => el('option', { value: v, selected: filter.values.includes(v) }, info.values[i]))));
    } else {
      replace(values, el('label', { for: `${id}-v`, class: 'visually-hidden' }, 'Values (comma separated)'),
        el('input', { id: `${id}-v`, class: 'f-val', type: 'text', placeholder: 'values, comma separated', value: filter.values.join(', ') }));
    }
  };
  dimension.addEventListener('change', fillValues);
  fillValues();
  const row = el('div', { class: 'filter-row' }, el('label', { for: `${id}-d`, class: 'visually-hidden' }, 'Filter dimension'), dimension, values,
    el('button', { type: 'button', 'aria-label': 'Remove filter', onclick: () => row.remove() }, '×'));
  return row;
}

/** Reads the filter rows back. */
export function readFilters(container) {
  return [...container.querySelectorAll('.filter-row')].map((row) => {
    const dimension = row.querySelector('.f-dim').value;
    const input = row.querySelector('.f-val');
    const values = input.tagName === 'SELECT'
      ? [...input.selectedOptions].map((o) => o.value)
      : input.value.split(',').map((v) => v.trim()).filter(Boolean);
    return { dimension, values };
  }).filter((f) => f.dimension && f.values.length);
}
