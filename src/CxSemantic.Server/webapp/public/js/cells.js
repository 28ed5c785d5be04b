// The metric cell the pages ask for and how one reads in a table: value, interval, n, status, delta.
import { el } from './dom.js';
import { formatDelta, formatInterval, formatP, formatShare, formatValue } from './format.js';

/** The MetricValue selection every view uses (one fragment, so scorecard and explorer show the same facts). */
export const CELL_FRAGMENT = `fragment Cell on MetricValue {
  value n ci { low high level } status suppressed suppressionReason immature version
  delta { value ci { low high } pValue qValue significant baseline } deltaWithheld
}`;

/** Units still immature as a share of all units of the cell (immature are counted apart from n). */
export const immatureShare = (cell) => (cell.n + cell.immature > 0 ? cell.immature / (cell.n + cell.immature) : null);

/** A RAG badge: the colour is never the only cue (the word is shown). */
export function statusBadge(status) {
  return status ? el('span', { class: `badge ${status.toLowerCase()}` }, status) : el('span', { class: 'muted' }, 'no threshold');
}

/** The value cell: the value, or why it is withheld. */
export function valueCell(cell, format) {
  if (cell.suppressed) return el('span', { class: 'withheld', title: cell.suppressionReason ?? '' }, 'withheld', el('small', {}, cell.suppressionReason ?? ''));
  return formatValue(cell.value, format);
}

/** The delta cell: signed difference, significance (BH q-value), or why it is withheld. */
export function deltaCell(cell, format) {
  if (cell.delta) {
    const d = cell.delta;
    return el('span', {},
      formatDelta(d.value, format), ' ',
      d.significant ? el('span', { class: 'sig' }, 'significant') : el('span', { class: 'muted' }, 'not significant'),
      el('small', {}, ` q = ${formatP(d.qValue)}`));
  }
  // The reason's first clause in the table; the whole explanation on hover and for screen readers.
  return cell.deltaWithheld
    ? el('small', { class: 'muted', title: cell.deltaWithheld, 'aria-label': `Delta withheld: ${cell.deltaWithheld}` }, `withheld: ${cell.deltaWithheld.split(/[;(]/)[0].trim()}`)
    : '—';
}

/** The standard columns of one metric cell, in table order. */
export function cellColumns(cell, format) {
  return [
    valueCell(cell, format),
    formatInterval(cell.ci, format),
    String(cell.n),
    statusBadge(cell.status),
    deltaCell(cell, format),
    formatShare(immatureShare(cell)),
  ];
}

/** The headers of cellColumns. */
export const CELL_HEADERS = ['Value', 'CI', 'n', 'Status', 'Δ vs comparison', 'Immature'];
