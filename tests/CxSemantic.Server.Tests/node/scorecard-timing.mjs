// Measures time to a rendered scorecard: navigation start to the scorecard table in the DOM (all metrics answered),
// in headless Chromium, RUNS times in a row. The first run after a server start meets an empty answer cache (cold);
// later runs are served from it (warm). Prints one JSON line: { runs: [ms…], requests, metrics, rows }.
// Usage: node scorecard-timing.mjs BASE_URL CHROMIUM [RUNS]
import { chromium } from 'playwright-core';

const [base, executablePath, runs = '3'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
const result = { runs: [] };
try {
  for (let i = 0; i < Number(runs); i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    let requests = 0;
    page.on('request', (r) => { if (r.url().endsWith('/graphql')) requests++; });
    const started = Date.now();
    await page.goto(`${base}/dashboard`, { waitUntil: 'commit' });
    await page.waitForSelector('#scorecard table.scorecard', { timeout: 300000 });
    result.runs.push(Date.now() - started);
    result.requests = requests;
    result.metrics = await page.$$eval('#scorecard tbody th[scope=row]', (r) => r.length);
    result.rows = await page.$$eval('#scorecard tr[data-metric]', (r) => r.length);
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
