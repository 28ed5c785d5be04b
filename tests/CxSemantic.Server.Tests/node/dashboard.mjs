// Drives the dashboard and glossary pages in headless Chromium and prints one JSON line with what they showed:
// the scorecard's rows, an explorer run (its GraphQL request and table), a refused slice, the CSV export, a glossary
// page's four elements, screenshots at 1280 and 390 px, every request's URL (all must stay on 127.0.0.1), console errors
// (CSP violations land there) and the time from navigation to a rendered scorecard.
// Usage: node dashboard.mjs BASE_URL CHROMIUM SCREENSHOT_DIR METRIC
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, executablePath, shots, metric = 'containment_rate'] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const origin = new URL(base).origin;
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const report = { requests: [], external: [], consoleErrors: [], screenshots: [] };

async function open(width, height) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  // Every request of the page goes through here: anything not on this loopback origin is recorded and refused.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    report.requests.push(url);
    if (new URL(url).origin !== origin && !url.startsWith('blob:') && !url.startsWith('data:')) {
      report.external.push(url);
      return route.abort();
    }
    return route.continue();
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') report.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => report.consoleErrors.push(String(e)));
  return { context, page };
}

const ready = (page) => page.waitForSelector('body[data-ready="true"]', { timeout: 45000 });
const shoot = async (page, name) => {
  const path = join(shots, name);
  await page.screenshot({ path, fullPage: true });
  report.screenshots.push(path);
};
/** Waits for the next POST /graphql whose query text contains `marker` and returns its body. */
const nextGraphQL = (page, marker) => page.waitForRequest((r) => r.url().endsWith('/graphql') && r.method() === 'POST' && (r.postData() ?? '').includes(marker), { timeout: 30000 })
  .then((r) => JSON.parse(r.postData()));

try {
  // 1280 px: scorecard, explorer, refusal, export.
  {
    const { context, page } = await open(1280, 900);
    const started = Date.now();
    await page.goto(`${base}/dashboard`, { waitUntil: 'commit' });
    await page.waitForSelector('#scorecard table.scorecard', { timeout: 45000 });
    report.scorecardMs = Date.now() - started;
    await ready(page);
    report.scorecardPeriod = await page.getAttribute('#scorecard', 'data-period');
    report.scorecard = await page.$$eval('#scorecard tr[data-metric]', (rows) => rows.map((r) => ({ ...r.dataset })));
    await shoot(page, 'dashboard-1280.png');

    // The decomposition panel: shown only when the server has Query.explain (feature check).
    report.explainShown = await page.isVisible('#explain-section');
    if (report.explainShown) {
      await page.selectOption('#e-metric', 'sla_adherence');
      await page.check('#e-by input[value="handled_by"]');
      const explainRequest = nextGraphQL(page, 'query Explain');
      await page.click('#e-run');
      report.explainRequest = await explainRequest;
      await page.waitForSelector('#explain-result[data-state="done"], #explain-result[data-state="refused"]', { timeout: 60000 });
      report.explainState = await page.getAttribute('#explain-result', 'data-state');
      report.explainParts = await page.$$eval('#explain-parts tr[data-part]', (rows) => rows.map((r) => ({ ...r.dataset })));
      report.explainSegments = await page.$$eval('#explain-segments tr[data-key]', (rows) => rows.map((r) => ({ ...r.dataset })));
      report.explainText = await page.innerText('#explain-result');
    }

    // Explorer: the metric, its required segment plus channel, monthly, vs previous period.
    await page.selectOption('#x-metric', metric);
    await page.check('#x-by input[value="channel"]');
    await page.fill('#x-from', '2026-04-01');
    await page.fill('#x-to', '2026-07-01');
    await page.selectOption('#x-grain', 'MONTH');
    await page.selectOption('#x-compare', 'previous');
    await page.click('#x-add-filter');
    await page.selectOption('#x-filter-rows .f-dim', 'channel');
    await page.selectOption('#x-filter-rows .f-val', ['VOICE', 'CHAT']);
    const sliceRequest = nextGraphQL(page, 'query Slice');
    await page.click('#x-run');
    report.explorerRequest = await sliceRequest;
    await page.waitForSelector('#explorer-result[data-state="done"] table', { timeout: 30000 });
    report.explorerRows = await page.$$eval('#explorer-table tbody tr', (rows) => rows.map((r) => ({ ...r.dataset, cells: [...r.cells].map((c) => c.innerText) })));
    report.shareUrl = await page.inputValue('#x-url');

    const downloading = page.waitForEvent('download', { timeout: 15000 });
    await page.click('#x-csv');
    report.csv = readFileSync(await (await downloading).path(), 'utf8');

    // A refused slice: the required segment unticked.
    await page.uncheck('#x-by input[value="intent_complexity"]');
    await page.click('#x-run');
    await page.waitForSelector('#explorer-result[data-state="refused"] .refusal', { timeout: 30000 });
    report.refusal = { code: await page.innerText('#explorer-result .refusal .code'), message: await page.innerText('#explorer-result .refusal .message') };
    await context.close();
  }

  // The shared URL restores the view (explorer runs on load).
  {
    const { context, page } = await open(1280, 900);
    await page.goto(report.shareUrl);
    await ready(page);
    report.sharedRows = await page.$$eval('#explorer-table tbody tr', (rows) => rows.length);
    await context.close();
  }

  // Glossary page of the metric.
  {
    const { context, page } = await open(1280, 900);
    await page.goto(`${base}/glossary/${metric}`);
    await ready(page);
    report.glossary = await page.$$eval('#four-elements [data-element]', (els) => Object.fromEntries(els.map((e) => [e.dataset.element, e.innerText])));
    report.lineage = await page.$$eval('#lineage li', (els) => els.map((e) => e.innerText));
    report.dashboardLink = await page.getAttribute('#dashboard-link', 'href');
    report.indexLinks = await page.$$eval('#index a', (els) => els.map((e) => e.innerText));
    report.history = await page.$$eval('#history li', (els) => els.map((e) => ({ kind: e.dataset.kind, text: e.innerText })));
    await shoot(page, 'glossary-1280.png');
    await page.fill('#search', 'silent');
    report.searchLinks = await page.$$eval('#index a', (els) => els.map((e) => e.innerText));
    await context.close();
  }

  // Phone width: both pages render without horizontal page overflow.
  {
    const { context, page } = await open(390, 844);
    await page.goto(`${base}/dashboard`);
    await ready(page);
    report.phoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await shoot(page, 'dashboard-390.png');
    await page.goto(`${base}/glossary/${metric}`);
    await ready(page);
    report.phoneGlossaryOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await shoot(page, 'glossary-390.png');
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
