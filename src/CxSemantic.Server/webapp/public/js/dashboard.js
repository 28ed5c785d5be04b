// The dashboard page: wires the scorecard, the explorer, the trend chart and (when the API has it) the decomposition.
import { apiKey, gql, loadDefinitions, queryFields, setApiKey } from './api.js';
import { announce, el, refusal, replace } from './dom.js';
import { DECOMPOSABLE, renderExplain } from './explain.js';
import { download, filterRow, readFilters, renderGroupBy, renderSlice, runSlice, sliceCsv } from './explorer.js';
import { loadScorecard, renderScorecard } from './scorecard.js';
import { dates, readState, writeState } from './state.js';
import { loadTrend, renderTrend } from './trend.js';

const $ = (id) => document.getElementById(id);
const state = readState();
let definitions = [];
let byName = new Map();
let dimensions = new Map();
let lastSlice = null;
let trendSeries = new Map();

/** The current period: the month of the last day with data (the watermark's day before), else last month. */
function defaultPeriod(watermark) {
  const end = watermark ? dates.addDays(watermark.slice(0, 10), -1) : dates.addDays(dates.iso(new Date()), -1);
  return end.slice(0, 7);
}

async function init() {
  $('api-key').value = apiKey() ?? '';
  $('key-form').addEventListener('submit', (e) => { e.preventDefault(); setApiKey($('api-key').value.trim()); location.reload(); });
  let meta;
  try {
    [definitions, meta] = await Promise.all([loadDefinitions(), gql('{ dataWatermark dimensions { name field enumValues values } catalog { version } }')]);
  } catch (error) {
    replace($('status'), refusal(error.errors ?? [{ message: error.message }], 'The definitions could not be loaded'));
    return;
  }
  byName = new Map(definitions.map((d) => [d.name, d]));
  dimensions = new Map((meta.data?.dimensions ?? []).map((d) => [d.name, d]));
  const watermark = meta.data?.dataWatermark ?? null;
  state.period ??= defaultPeriod(watermark);
  $('status').textContent = `${definitions.length} metrics · catalog ${meta.data?.catalog.version ?? '?'} · data up to ${watermark ?? 'unknown'}`;

  const options = (select, list, selected) => replace(select, list.map((d) => el('option', { value: d.name, selected: d.name === selected }, d.label)));
  state.metric ??= definitions[0]?.name;
  // The trend opens on the explored metric, else on the first metric with thresholds (a RAG-tracked one).
  state.trend ??= state.explored ? state.metric : (definitions.find((d) => d.thresholds && !d.segmentation.required.length) ?? definitions[0])?.name;
  options($('x-metric'), definitions, state.metric);
  options($('t-metric'), definitions, state.trend);
  const month = dates.month(state.period);
  state.from ??= month.from;
  state.to ??= month.to;
  $('period').value = state.period;
  $('x-from').value = state.from;
  $('x-to').value = state.to;
  $('x-grain').value = state.grain;
  $('x-compare').value = state.compare;
  fillExplorer(state.by.length || state.explored ? state.by : null, state.filters);

  $('period-form').addEventListener('submit', (e) => { e.preventDefault(); state.period = $('period').value; showScorecard(); showTrend(); });
  $('x-metric').addEventListener('change', () => { state.metric = $('x-metric').value; fillExplorer(null, []); });
  $('x-add-filter').addEventListener('click', () => $('x-filter-rows').append(filterRow(byName.get(state.metric), dimensions)));
  $('explorer-form').addEventListener('submit', (e) => { e.preventDefault(); explore(); });
  $('x-csv').addEventListener('click', exportCsv);
  $('x-link').addEventListener('click', copyLink);
  $('t-metric').addEventListener('change', () => { state.trend = $('t-metric').value; state.series = null; showTrend(); });
  $('t-series').addEventListener('change', () => { state.series = $('t-series').value; drawTrend(); });

  const fields = await queryFields();
  if (fields.has('explain')) setUpExplain();
  await Promise.all([showScorecard(), showTrend(), state.explored ? explore() : Promise.resolve()]);
  document.body.dataset.ready = 'true';
}

function fillExplorer(by, filters) {
  const d = byName.get(state.metric);
  if (!d) return;
  renderGroupBy($('x-by'), d, by ?? d.segmentation.required);
  replace($('x-filter-rows'), filters.map((f) => filterRow(d, dimensions, f)));
}

async function showScorecard() {
  const time = dates.month(state.period);
  writeState(state);
  $('scorecard-caption').textContent = `${state.period} (${time.from} to ${time.to}, not included), compared with the previous month. Metrics that must be split show one row per required segment.`;
  const progress = el('p', { class: 'muted', role: 'status' }, 'Computing…');
  replace($('scorecard'), progress);
  const entries = await loadScorecard(definitions, time, (done, total) => { progress.textContent = `Computing… ${done} of ${total} metrics answered`; });
  renderScorecard($('scorecard'), entries, {
    onTrend: (name) => { state.trend = name; $('t-metric').value = name; state.series = null; showTrend(); $('trend-section').scrollIntoView(); $('t-metric').focus(); },
    onExplore: (name) => { state.metric = name; $('x-metric').value = name; fillExplorer(null, []); $('explorer-section').scrollIntoView(); $('x-metric').focus(); },
  });
  $('scorecard').dataset.period = state.period;
  announce(`Scorecard for ${state.period} shown.`);
}

function readSlice() {
  return {
    by: [...document.querySelectorAll('#x-by input[name=by]:checked')].map((i) => i.value),
    filters: readFilters($('x-filter-rows')),
    from: $('x-from').value,
    to: $('x-to').value,
    grain: $('x-grain').value,
    compare: $('x-compare').value,
  };
}

async function explore() {
  const d = byName.get(state.metric);
  const slice = readSlice();
  Object.assign(state, slice);
  $('x-url').value = writeState(state);
  replace($('explorer-result'), el('p', { class: 'muted' }, 'Running…'));
  const answer = await runSlice(d, slice);
  lastSlice = { definition: d, slice, rows: answer.rows };
  renderSlice($('explorer-result'), d, slice, answer);
  $('explorer-result').dataset.state = answer.errors.length ? 'refused' : 'done';
  announce(answer.errors.length ? 'The slice was refused; the reason is shown.' : `${answer.rows.length} rows.`);
}

function exportCsv() {
  if (!lastSlice || !lastSlice.rows.length) {
    announce('Run a slice first.');
    return;
  }
  download(`${lastSlice.definition.name}-${lastSlice.slice.from}-${lastSlice.slice.to}.csv`, sliceCsv(lastSlice.definition, lastSlice.slice, lastSlice.rows));
}

async function copyLink() {
  Object.assign(state, readSlice());
  const url = writeState(state);
  $('x-url').value = url;
  try {
    await navigator.clipboard.writeText(url);
    announce('Link copied.');
  } catch {
    $('x-url').select();
    announce('Link selected: copy it with Ctrl+C.');
  }
}

async function showTrend() {
  const d = byName.get(state.trend);
  if (!d) return;
  writeState(state);
  const { series, errors } = await loadTrend(d, dates.month(state.period).to);
  trendSeries = series;
  if (errors.length) {
    replace($('trend-notes'), refusal(errors));
    return;
  }
  const keys = [...series.keys()];
  if (!keys.includes(state.series)) state.series = keys[0] ?? null;
  replace($('t-series'), keys.map((k) => el('option', { value: k, selected: k === state.series }, k)));
  drawTrend();
}

function drawTrend() {
  const d = byName.get(state.trend);
  const points = trendSeries.get(state.series) ?? [];
  writeState(state);
  renderTrend($('trend-chart'), $('trend-notes'), d, state.series ?? 'all', points);
}

function setUpExplain() {
  const decomposable = definitions.filter((d) => DECOMPOSABLE.includes(d.type));
  if (!decomposable.length) return;
  $('explain-section').hidden = false;
  replace($('e-metric'), decomposable.map((d) => el('option', { value: d.name }, d.label)));
  const fillBy = () => renderGroupBy($('e-by'), byName.get($('e-metric').value), []);
  $('e-metric').addEventListener('change', fillBy);
  fillBy();
  $('explain-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const time = dates.month(state.period);
    const baseline = dates.month(dates.addMonths(time.from, -1).slice(0, 7));
    const by = [...document.querySelectorAll('#e-by input[name=by]:checked')].map((i) => i.value);
    renderExplain($('explain-result'), byName.get($('e-metric').value), time, baseline, by);
  });
}

init();
