// report.mjs — steward's report pages in headless Chromium: every plot
// rendered (a non-empty SVG with the expected number of lines, each with
// an extent), no script ran (the agent's <script> rationale raised no
// dialog and shows as text), nothing was fetched, the page fits a phone;
// screenshots at desktop and 375 px wide.
// usage: node report.mjs CAMPAIGN_HTML ATTENTION_HTML CURVES TRIALS
import { launch, shot, check, finish } from './lib.mjs';
import { pathToFileURL } from 'node:url';

const [campaignHtml, attentionHtml, curves, trials] = process.argv.slice(2);

// Opens a page and records what must never happen on a report.
async function open(browser, file, width) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const seen = { dialogs: 0, console: 0, errors: 0, requests: [] };
  page.on('dialog', async (d) => { seen.dialogs++; await d.dismiss(); });
  page.on('console', () => seen.console++);
  page.on('pageerror', () => seen.errors++);
  page.on('request', (r) => seen.requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, seen };
}

// Each plot: its size, and the boxes of its lines.
async function plots(page) {
  return page.$$eval('svg.plot', (svgs) => svgs.map((s) => {
    const box = s.getBoundingClientRect();
    const lines = [...s.querySelectorAll('polyline')].map((p) => {
      const b = p.getBBox();
      return { cls: p.getAttribute('class'), w: b.width, h: b.height };
    });
    return { kind: s.dataset.plot, w: box.width, h: box.height, lines };
  }));
}

function checkPlot(p, kind, cls, want) {
  const lines = p ? p.lines.filter((l) => l.cls.startsWith(cls)) : [];
  check(`${kind}: the SVG has a size (${p && p.w}x${p && p.h})`,
        p && p.w > 100 && p.h > 50);
  check(`${kind}: ${want} lines drawn (${lines.length})`,
        lines.length === Number(want));
  check(`${kind}: every line has an extent`,
        lines.length > 0 && lines.every((l) => l.w > 0 || l.h > 0));
  check(`${kind}: exactly one best line`,
        lines.filter((l) => l.cls.includes('best')).length === 1);
}

function checkQuiet(name, seen, file) {
  check(`${name}: no dialog (the <script> rationale never ran)`,
        seen.dialogs === 0);
  check(`${name}: no console output, no page error`,
        seen.console === 0 && seen.errors === 0);
  check(`${name}: nothing fetched but the page`,
        seen.requests.length === 1 &&
        seen.requests[0] === pathToFileURL(file).href);
}

async function campaign(browser) {
  const { page, seen } = await open(browser, campaignHtml, 1280);
  const all = await plots(page);
  check('two plots on the campaign report', all.length === 2);
  checkPlot(all.find((p) => p.kind === 'lines'), 'metric curves', 'series',
            curves);
  checkPlot(all.find((p) => p.kind === 'parallel'), 'parallel coordinates',
            'trial', trials);
  const text = await page.textContent('body');
  check('the rationale shows literally',
        text.includes('<script>alert("xss")</script>'));
  check('no script element in the page',
        (await page.$$('script')).length === 0);
  console.log(`# ${await shot(page, 'campaign-desktop')}`);
  await page.setViewportSize({ width: 375, height: 800 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  check(`the page fits 375 px (${wide})`, wide <= 376);
  const small = await plots(page);
  check('the plots shrink to the phone',
        small.every((p) => p.w > 0 && p.w <= 375));
  console.log(`# ${await shot(page, 'campaign-375')}`);
  checkQuiet('campaign', seen, campaignHtml);
}

async function attention(browser) {
  const { page, seen } = await open(browser, attentionHtml, 1280);
  const text = await page.textContent('body');
  check('attention: the pending card\'s rationale shows literally',
        text.includes('<script>alert("xss")</script>'));
  console.log(`# ${await shot(page, 'attention-desktop')}`);
  await page.setViewportSize({ width: 375, height: 800 });
  console.log(`# ${await shot(page, 'attention-375')}`);
  checkQuiet('attention', seen, attentionHtml);
}

// The control: the dialog watch does see a script that runs.
async function control(browser) {
  const page = await browser.newPage();
  let dialogs = 0;
  page.on('dialog', async (d) => { dialogs++; await d.dismiss(); });
  await page.setContent('<script>alert(1)</script>');
  check('control: a page that runs a script raises a dialog', dialogs === 1);
  await page.close();
}

const browser = await launch();
try {
  await control(browser);
  await campaign(browser);
  await attention(browser);
} finally {
  await browser.close();
}
finish();
