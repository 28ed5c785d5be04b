// Opens GraphiQL in headless Chromium, runs the preloaded example query and prints one JSON line:
// { rendered, query, result } — result is the text of GraphiQL's result pane.
import { chromium } from 'playwright-core';

const [url, executablePath] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  const external = [];
  page.on('request', (r) => { if (!r.url().startsWith(new URL(url).origin)) external.push(r.url()); });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('.graphiql-container', { timeout: 30000 });
  const query = await page.evaluate(() => document.querySelector('.graphiql-query-editor')?.innerText ?? '');
  await page.click('.graphiql-execute-button');
  // Polled from here: waitForFunction evaluates its predicate with eval inside the page, which the page's CSP forbids.
  const deadline = Date.now() + 60000;
  while (!(await page.evaluate(() => (document.querySelector('.result-window')?.innerText ?? '').includes('"data"')))) {
    if (Date.now() > deadline) throw new Error('GraphiQL showed no result within 60 s');
    await page.waitForTimeout(200);
  }
  const result = await page.evaluate(() => document.querySelector('.result-window').innerText);
  console.log(JSON.stringify({ rendered: true, query, result, external }));
} finally {
  await browser.close();
}
