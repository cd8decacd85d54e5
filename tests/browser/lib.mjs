// lib.mjs — what every browser test shares: Debian's headless Chromium
// driven by playwright-core (pinned in package.json, installed by
// `make check`), and screenshots saved where the test output lives.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const CHROMIUM = process.env.STEWARD_CHROMIUM || '/usr/bin/chromium';

// Launches headless Chromium. As root its own sandbox cannot start, and
// the pages under test are steward's own, served on loopback.
export async function launch() {
  const args = process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [];
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

// Saves a screenshot of page as NAME.png under $SCREENSHOTS (default
// ./screenshots of the current directory) and returns its path.
export async function shot(page, name) {
  const dir = process.env.SCREENSHOTS || 'screenshots';
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// A tiny TAP-style checker: check(name, cond) prints ok/not ok and
// remembers failures; finish() exits non-zero if any failed.
let failures = 0;
export function check(name, cond) {
  console.log(`${cond ? 'ok' : 'not ok'} - ${name}`);
  if (!cond) failures++;
}
export function finish() {
  process.exit(failures ? 1 : 0);
}
