// The live glossary: an index by category with search, and one page per metric (/glossary/{name}) with the four
// elements every metric states, thresholds, owner, version, lineage and a link to the metric on the dashboard.
// It re-fetches when the catalog version changes (hot reload of the definitions folder).
import { gql, loadDefinitions } from './api.js';
import { announce, el, refusal, replace } from './dom.js';
import { formatValue } from './format.js';

const $ = (id) => document.getElementById(id);
const RELOAD_CHECK_MS = 10000;
let definitions = [];
let catalogVersion = null;
let historyField = false;

/** The metric named by the path (/glossary/{name}), or null on the index. */
const currentName = () => decodeURIComponent(location.pathname.replace(/^\/glossary\/?/, '')) || null;

async function load() {
  try {
    const [defs, meta, type] = await Promise.all([
      loadDefinitions(),
      gql('{ catalog { version loadedAt } }'),
      gql('{ __type(name: "MetricDefinition") { fields { name } } }'),
    ]);
    definitions = defs;
    catalogVersion = meta.data?.catalog.version ?? null;
    historyField = (type.data?.__type?.fields ?? []).some((f) => f.name === 'history');
    $('status').textContent = `${definitions.length} metrics · catalog ${catalogVersion} · loaded ${meta.data?.catalog.loadedAt ?? ''}`;
  } catch (error) {
    replace($('status'), refusal(error.errors ?? [{ message: error.message }], 'The definitions could not be loaded'));
    return false;
  }
  renderIndex();
  await renderPage();
  document.body.dataset.ready = 'true';
  document.body.dataset.catalog = catalogVersion ?? '';
  return true;
}

function matches(d, words) {
  const text = `${d.name} ${d.label} ${d.category} ${d.owner} ${d.description} ${d.unitOfAnalysis}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

function renderIndex() {
  const words = $('search').value.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = definitions.filter((d) => matches(d, words));
  const categories = [...new Set(shown.map((d) => d.category))].sort();
  replace($('index'),
    el('p', { class: 'muted' }, `${shown.length} of ${definitions.length} metrics`),
    categories.map((c) => [
      el('h3', { id: `cat-${c}` }, c),
      el('ul', { 'aria-labelledby': `cat-${c}` }, shown.filter((d) => d.category === c).map((d) =>
        el('li', {}, el('a', { href: `/glossary/${encodeURIComponent(d.name)}`, 'aria-current': d.name === currentName() ? 'page' : null }, d.label)))),
    ]));
}

async function renderPage() {
  const name = currentName();
  if (!name) {
    replace($('page'), el('h2', {}, 'All metrics'),
      el('p', {}, 'Every governed metric states its unit of analysis, inclusion rules, confirmation method and segmentation. Pick one in the index, or search.'),
      el('div', { class: 'table-wrap', role: 'region', 'aria-label': 'All metrics', tabindex: 0 },
        el('table', { class: 'data' },
          el('thead', {}, el('tr', {}, ['Metric', 'Category', 'Owner', 'Version', 'Unit of analysis'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, definitions.map((d) => el('tr', {},
            el('th', { scope: 'row' }, el('a', { href: `/glossary/${encodeURIComponent(d.name)}` }, d.label)),
            el('td', {}, d.category), el('td', {}, d.owner), el('td', {}, `v${d.version}`), el('td', {}, d.unitOfAnalysis)))))));
    return;
  }
  const d = definitions.find((x) => x.name === name);
  if (!d) {
    replace($('page'), el('h2', {}, 'Unknown metric'), el('p', { role: 'alert' }, `No metric named '${name}' is visible to you. Pick one in the index.`));
    return;
  }
  document.title = `${d.label} · CxSemantic glossary`;
  const list = (items, empty) => (items.length
    ? el('ul', {}, items.map((r) => el('li', {}, el('strong', {}, r.name), ': ', el('code', {}, r.where), r.reason ? ` — ${r.reason}` : '')))
    : el('p', { class: 'muted' }, empty));
  const seg = d.segmentation;
  const t = d.thresholds;
  replace($('page'),
    el('h2', {}, d.label), el('p', { class: 'muted' }, el('code', {}, d.name), ` · v${d.version} · ${d.category} · ${d.type.toLowerCase()}`),
    el('p', {}, d.description),
    el('p', {}, el('a', { href: `/dashboard?m=${encodeURIComponent(d.name)}&trend=${encodeURIComponent(d.name)}`, id: 'dashboard-link' }, 'See this metric on the dashboard')),
    el('div', { class: 'elements', id: 'four-elements' },
      el('section', { class: 'element', dataset: { element: 'unit' } }, el('h3', {}, 'Unit of analysis'), el('p', {}, el('strong', {}, d.unitOfAnalysis)), el('p', {}, d.unitOfAnalysisText)),
      el('section', { class: 'element', dataset: { element: 'inclusion' } }, el('h3', {}, 'Inclusion rules'),
        el('p', {}, 'Included:'), list(d.inclusion, 'every unit'), el('p', {}, 'Excluded:'), list(d.exclusions, 'none')),
      el('section', { class: 'element', dataset: { element: 'confirmation' } }, el('h3', {}, 'Confirmation method'),
        el('p', {}, el('strong', {}, d.confirmation.method.toLowerCase()), d.confirmation.window ? ` within ${d.confirmation.window}` : ''), el('p', {}, d.confirmation.text)),
      el('section', { class: 'element', dataset: { element: 'segmentation' } }, el('h3', {}, 'Segmentation'),
        el('dl', { class: 'facts' },
          el('dt', {}, 'Must be split by'), el('dd', {}, seg.required.join(', ') || 'nothing'),
          el('dt', {}, 'May be split by'), el('dd', {}, seg.allowed.join(', ') || 'nothing'),
          el('dt', {}, 'Minimum cell size'), el('dd', {}, String(seg.minCellSize))))),
    el('h3', {}, 'Definition'), el('p', {}, d.definition),
    el('dl', { class: 'facts' },
      el('dt', {}, 'Thresholds'), el('dd', {}, t ? `green ${formatValue(t.green, d.format)}, amber ${formatValue(t.amber, d.format)}, ${t.better.toLowerCase()} is better` : 'none'),
      el('dt', {}, 'Owner'), el('dd', {}, d.owner),
      el('dt', {}, 'Version'), el('dd', {}, `v${d.version}`),
      el('dt', {}, 'Source'), el('dd', {}, el('code', {}, d.source))),
    el('h3', {}, 'Version history'), await historySection(d),
    el('h3', {}, 'Lineage'), el('ul', { id: 'lineage' }, d.lineage.map((c) => el('li', {}, el('code', {}, c)))));
}

async function historySection(d) {
  if (!historyField) return el('p', { class: 'muted' }, `v${d.version} is in service. This server does not report earlier versions.`);
  const { data } = await gql('query History($name: String!) { metricDefinition(name: $name) { history { kind version previousVersion changedFields at } } }', { name: d.name });
  const history = data?.metricDefinition?.history ?? [];
  const text = (h) => (h.kind === 'CHANGED'
    ? `v${h.previousVersion} → v${h.version}: ${h.changedFields.join(', ')}`
    : `v${h.version} ${h.kind === 'ADDED' ? 'added' : 'in service when the server started'}`);
  return el('ol', { id: 'history', reversed: true }, [...history].reverse().map((h) => el('li', { dataset: { kind: h.kind } }, el('time', { datetime: h.at }, h.at.slice(0, 19).replace('T', ' ')), ` — ${text(h)}`)));
}

/** Hot reloads: a changed catalog version re-fetches everything and says so. */
async function checkReload() {
  if (document.hidden) return;
  const { data } = await gql('{ catalog { version } }');
  const version = data?.catalog.version;
  if (version && catalogVersion && version !== catalogVersion) {
    await load();
    announce(`Definitions reloaded: catalog ${version}.`);
  }
}

$('search').addEventListener('input', renderIndex);
document.addEventListener('visibilitychange', checkReload);
setInterval(checkReload, RELOAD_CHECK_MS);
load();
