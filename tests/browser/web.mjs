// web.mjs — the reviewer's page as a reviewer uses it, in headless
// Chromium: log in with the one-time URL, see the queue, approve a card
// (a plain form post), watch the run reach `succeeded`, find its metric
// curve as SVG, halt from the header and see the banner; the login URL
// works once; a replayed form changes nothing; an agent's token cannot
// approve; a phone-sized screen needs no horizontal scroll.
import { launch, shot, check, finish } from './lib.mjs';

const url = process.env.STEWARD_URL;
const base = process.env.STEWARD_BASE;
const agent = process.env.STEWARD_AGENT_TOKEN;

// Navigates, again if the page's own live refresh (a change the server
// announced) cut the first navigation short.
async function go(page, to) {
  for (let i = 0; ; i++) {
    try {
      return await page.goto(to);
    } catch (e) {
      const cut = String(e).includes('ERR_ABORTED') ||
                  String(e).includes('interrupted by another navigation');
      if (i >= 20 || !cut) throw e;
      await page.waitForTimeout(300);
    }
  }
}

// The state a run page shows: the page reloads itself when the server
// reports news (live refresh), so a read that lands mid-reload is retried.
async function readState(page, url) {
  for (let i = 0; ; i++) {
    await go(page, url);
    try {
      return (await page.locator('#state').textContent({ timeout: 5000 })).trim();
    } catch (e) {
      if (i >= 10) throw e;
    }
  }
}

const browser = await launch();
const errors = [];
try {
  const ctx = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('dialog', (d) => d.accept());

  // log in: the one-time URL sets the session cookie and lands on the queue
  await go(page, url);
  check('the login URL lands on the queue', page.url() === `${base}/queue`);
  const cookies = await ctx.cookies();
  const sess = cookies.find((c) => c.name === 'steward_session');
  check('the session cookie is HttpOnly and SameSite=Strict',
        sess && sess.httpOnly && sess.sameSite === 'Strict');
  const again = await (await ctx.browser().newContext()).newPage();
  const r2 = await again.goto(url);
  check('the login URL works once (403 the second time)', r2.status() === 403);

  // the queue: a card per proposal, with what the agent wrote escaped
  const cards = await page.locator('article.card').count();
  check('the queue shows three cards', cards === 3);
  const why = await page.locator('#exp-1 dd').nth(2).textContent();
  check('the rationale shows as text, escaped', why.includes('<b>if</b>'));
  check('no element was injected', await page.locator('#exp-1 b').count() === 0);
  await shot(page, 'web-queue');

  // a replayed form changes nothing: take a CSRF token, use it twice
  const csrf = await page.locator('#batch input[name=csrf]').getAttribute('value');
  const post = async (path, form) => (await ctx.request.post(base + path,
    { form, maxRedirects: 0 })).status();
  const first = await post('/approve', { csrf, id: '3', reason: 'once' });
  const replay = await post('/approve', { csrf, id: '2', reason: 'twice' });
  const none = await post('/approve', { id: '2', reason: 'no token' });
  check('a form with a fresh CSRF token is obeyed (303)', first === 303);
  check('the replayed CSRF token is refused (403)', replay === 403);
  check('a form without a CSRF token is refused (403)', none === 403);

  // approve card 1 with the plain form (no script involved in the post)
  await go(page, `${base}/queue`);
  await page.fill('#exp-1 form[action="/approve"] input[name=reason]', 'looks fine');
  await page.click('#approve-1');
  await page.waitForURL(`${base}/queue`);
  await page.waitForLoadState('load');
  check('after approving, card 1 left the queue',
        await page.locator('#exp-1').count() === 0);
  check('and 2 still waits for review (the replay did nothing)',
        await readState(page, `${base}/runs/2`) === 'pending_review');

  // the run page: the dispatcher runs it; the state reaches succeeded
  let state = '';
  for (let i = 0; i < 120 && state !== 'succeeded'; i++) {
    state = await readState(page, `${base}/runs/1`);
    if (state !== 'succeeded')
      await page.waitForTimeout(500);
  }
  check('run 1 reached succeeded', state === 'succeeded');
  check('its page draws a metric curve as SVG',
        await page.locator('svg.plot polyline').count() > 0);
  check('and shows the log tail',
        (await page.locator('pre.log').first().textContent()).includes('epoch'));
  await shot(page, 'web-run');

  // the ledger page verifies
  await go(page, `${base}/ledger`);
  check('the ledger page says verified',
        (await page.locator('#verify').textContent()).startsWith('verified'));

  // halt from the header, with the confirmation, and see the banner
  await go(page, `${base}/queue`);
  await page.fill('header form.halt input[name=reason]', 'browser test');
  await page.check('header form.halt input[name=confirm]');
  await page.click('#halt');
  await page.waitForURL(`${base}/queue`);
  const banner = await page.locator('#halted').waitFor({ timeout: 15000 })
    .then(() => true, () => false);
  check('a banner says HALTED', banner);
  await shot(page, 'web-halted');

  // an agent's token cannot approve through the API
  const r = await page.request.post(`${base}/api/v1/experiments/2/approve`, {
    headers: { Authorization: `Bearer ${agent}` }, data: {} });
  check("an agent's token cannot approve (403)", r.status() === 403);
  // nor does a cookie open the API
  const rc = await page.request.get(`${base}/api/v1/queue`);
  check('the session cookie does not open the API (401)', rc.status() === 401);

  // select several and approve them in one action (the checkboxes join
  // the batch form through the form attribute: no script involved)
  await go(page, `${base}/queue`);
  await page.check('#exp-2 input[type=checkbox][form=batch]');
  await page.click('#batch button');
  await page.waitForURL(`${base}/queue`);
  check('"Approve selected" approved 2',
        await readState(page, `${base}/runs/2`) !== 'pending_review');

  // a phone: 375×667, no horizontal scroll on any page
  const phone = await ctx.newPage();
  await phone.setViewportSize({ width: 375, height: 667 });
  for (const p of ['/queue', '/runs/1', '/runs', '/ledger', '/campaigns']) {
    await go(phone, base + p);
    const w = await phone.evaluate(() => document.documentElement.scrollWidth);
    check(`${p} fits 375 px (scrollWidth ${w})`, w <= 375);
    await shot(phone, 'web-phone' + p.replace(/\//g, '-'));
  }
  check('no script errors (CSP included)', errors.length === 0);
  if (errors.length) console.log('# ' + errors.join('\n# '));
} catch (e) {
  check(`the test ran to its end: ${e}`, false);
} finally {
  await browser.close();
}
finish();
