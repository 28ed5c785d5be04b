// Opens a metric's glossary page in headless Chromium, changes the metric's label in its YAML file (the server watches
// the folder), and waits until the page shows the new label without being reloaded by the test. Prints one JSON line:
// { before, after, catalogBefore, catalogAfter, announced, navigations, consoleErrors }.
// Usage: node glossary-reload.mjs BASE_URL CHROMIUM YAML_FILE METRIC OLD_LABEL NEW_LABEL
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [base, executablePath, file, metric, oldLabel, newLabel] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
const report = { consoleErrors: [], navigations: 0 };
try {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') report.consoleErrors.push(m.text()); });
  page.on('framenavigated', () => report.navigations++);
  await page.goto(`${base}/glossary/${metric}`);
  await page.waitForSelector('body[data-ready="true"]');
  report.before = await page.innerText('#page h2');
  report.catalogBefore = await page.getAttribute('body', 'data-catalog');

  writeFileSync(file, readFileSync(file, 'utf8').replace(`label: ${oldLabel}\n`, `label: ${newLabel}\n`));
  // The page checks the catalog version every 10 s and whenever it becomes visible again; the visibility event
  // is sent here so that the test need not wait for the timer.
  const deadline = Date.now() + 30000;
  while ((await page.getAttribute('body', 'data-catalog')) === report.catalogBefore && Date.now() < deadline) {
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.waitForTimeout(300);
  }
  report.catalogAfter = await page.getAttribute('body', 'data-catalog');
  report.after = await page.innerText('#page h2');
  report.announced = await page.innerText('#announcer');
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
