// Browser tests of the web UI: a real `sift serve` over a small corpus built
// with `sift ingest`, driven by Debian's chromium through playwright-core.
// Screenshots of every page go to target/ui-screenshots/ (a CI artifact).
//
// Run from crates/sift-server/web: `npm ci && npm test`. SIFT_BIN names the
// binary (default: target/debug/sift, then target/release/sift); CHROMIUM
// the browser (default /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const shots = join(repo, 'target', 'ui-screenshots');
const sift = process.env.SIFT_BIN
  ? resolve(process.env.SIFT_BIN)
  : [join(repo, 'target', 'debug', 'sift'), join(repo, 'target', 'release', 'sift')].find(existsSync);
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

let workdir;
let server;
let origin;
let browser; // a persistent context on a fresh profile

function startServer(db) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(sift, ['serve', '--db', db, '--addr', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => reject(new Error(`sift serve did not start:\n${log}`)), 60_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const match = log.match(/listening on (http:\/\/[0-9.:]+)/);
      if (match && !origin) {
        clearTimeout(timer);
        origin = match[1];
        resolvePromise(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`sift serve exited with ${code}:\n${log}`)));
  });
}

before(async () => {
  assert.ok(sift && existsSync(sift), 'build sift first (cargo build), or set SIFT_BIN');
  assert.ok(existsSync(chromiumPath), `no browser at ${chromiumPath}: apt-get install chromium`);
  mkdirSync(shots, { recursive: true });
  workdir = mkdtempSync(join(tmpdir(), 'sift-ui-'));
  const db = join(workdir, 'ui.db');
  const ingest = spawnSync(sift, [
    'ingest', '--db', db, '--quiet',
    join(repo, 'tests/data/corpus/scenario.jsonl'),
    join(repo, 'examples/reports.jsonl'),
    join(repo, 'examples/warship.txt'),
  ], { encoding: 'utf8' });
  assert.ok([0, 3].includes(ingest.status), `sift ingest failed:\n${ingest.stderr}`);
  server = await startServer(db);
  // A fresh profile directory each run (playwright passes it as
  // --user-data-dir).
  browser = await chromium.launchPersistentContext(join(workdir, 'profile'), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill('SIGTERM');
  if (workdir) rmSync(workdir, { recursive: true, force: true });
});

/** A page that records console errors, page errors and any request that
 * leaves the server. */
async function openPage(hash, view) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (!request.url().startsWith(origin)) problems.push(`external request: ${request.url()}`);
  });
  await page.goto(`${origin}/${hash}`);
  await page.waitForSelector(`main[data-ready="${view}"]`, { timeout: 30_000 });
  return { page, problems };
}

async function shoot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

test('the events page draws the map, the timeline and the table, with no console errors', async () => {
  const { page, problems } = await openPage('#/', 'events');
  await page.waitForSelector('svg.map circle.point');
  const points = await page.locator('svg.map circle.point').count();
  assert.ok(points > 0, 'the map draws points');
  assert.ok(await page.locator('svg.map path.country').count() > 100, 'the map draws the countries');
  assert.ok(await page.locator('svg.timeline rect.bar').count() > 0, 'the timeline draws bars');
  assert.ok(await page.locator('table.data tbody tr').count() > 0, 'the table lists events');
  await shoot(page, 'events');
  // Narrow screens stack the filters above the map and table.
  await page.setViewportSize({ width: 420, height: 900 });
  const sidebar = await page.locator('aside.sidebar').boundingBox();
  const content = await page.locator('div.content').boundingBox();
  assert.ok(content.y >= sidebar.y + sidebar.height - 1, 'the layout stacks on a narrow screen');
  await shoot(page, 'events-narrow');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a filter narrows the table and the URL keeps it', async () => {
  const { page, problems } = await openPage('#/', 'events');
  const before = Number(await page.locator('.pager .count').getAttribute('data-total'));
  await page.fill('input[name="actor"]', 'RUS');
  await page.click('form.filters button[type="submit"]');
  await page.waitForFunction(() => location.hash.includes('actor=RUS'));
  await page.waitForSelector('main[data-ready="events"] .pager .count');
  const after = Number(await page.locator('.pager .count').getAttribute('data-total'));
  assert.ok(after > 0 && after < before, `RUS narrows ${before} events to ${after}`);
  const sources = await page.locator('table.data tbody tr td:nth-child(2)').allTextContents();
  assert.ok(sources.every((s) => s.startsWith('RUS')), sources.join(', '));
  // The state survives a reload.
  await page.reload();
  await page.waitForSelector('main[data-ready="events"] .pager .count');
  assert.equal(await page.inputValue('input[name="actor"]'), 'RUS');
  assert.equal(Number(await page.locator('.pager .count').getAttribute('data-total')), after);
  await shoot(page, 'events-filtered');
  assert.deepEqual(problems, []);
  await page.close();
});

test('clicking an event opens the article with the spans highlighted', async () => {
  const { page, problems } = await openPage('#/?actor=RUS', 'events');
  const trigger = (await page.locator('table.data tbody tr').first().locator('q').textContent()).trim();
  await page.locator('table.data tbody tr').first().click();
  await page.waitForSelector('main[data-ready="doc"] .article-text');
  assert.match(page.url(), /#\/doc\/d[0-9a-f]+\?event=\d+/);
  const selected = await page.locator('.article-text .hl-trigger.selected').allTextContents();
  assert.ok(selected.join(' ').includes(trigger), `the trigger "${trigger}" is highlighted: ${selected}`);
  assert.ok(await page.locator('.article-text .hl-source').count() > 0, 'the source actor is highlighted');
  assert.ok(await page.locator('.article-text .hl-place').count() > 0, 'places are highlighted');
  assert.ok(await page.locator('.article-text .claim').count() > 0, 'claims are coloured');
  assert.ok(await page.locator('.legend input[type="checkbox"]').count() >= 6, 'the legend lists the layers');
  assert.ok(await page.locator('.claim-list li').count() > 0, 'the claim list is shown');
  await shoot(page, 'article');
  // Keyboard: Escape goes back to the table.
  await page.keyboard.press('Escape');
  await page.waitForSelector('main[data-ready="events"] table.data');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the dyad chart shows the busiest pair by day', async () => {
  const { page, problems } = await openPage('#/dyads', 'dyads');
  await page.waitForSelector('svg.dyad-chart rect.bar');
  assert.ok(await page.locator('.pairs a.chip').count() > 0, 'the busiest pairs are offered');
  assert.ok(await page.locator('svg.dyad-chart path.mean-line').count() === 1, 'the mean is drawn');
  await shoot(page, 'dyads');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the documents, clusters and analyze pages load', async () => {
  for (const [hash, view, name] of [['#/docs', 'docs', 'documents'], ['#/clusters', 'clusters', 'clusters']]) {
    const { page, problems } = await openPage(hash, view);
    await shoot(page, name);
    assert.deepEqual(problems, [], name);
    await page.close();
  }
  const { page, problems } = await openPage('#/analyze', 'analyze');
  await page.fill('input[name="headline"]', 'Warship fires on convoy');
  await page.fill('textarea[name="text"]', 'A Russian warship fired three missiles at an aid convoy near Aleppo on Tuesday, officials said. The ministry denied it.');
  await page.click('form.analyze-form button[type="submit"]');
  await page.waitForSelector('#analysis .article-text .hl-trigger');
  assert.ok(await page.locator('#analysis .event-list li').count() > 0);
  await shoot(page, 'analyze');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the cluster view groups outlets and splits corroboration from contradiction', async () => {
  // The scenario's convoy strike: wire copies, independent outlets, a denial.
  const { page, problems } = await openPage('#/clusters', 'clusters');
  assert.ok(await page.locator('table.data tbody tr').count() > 0, 'the scenario forms clusters');
  await page.locator('table.data tbody tr').first().press('Enter');
  await page.waitForSelector('main[data-ready="cluster"] .cluster-grid');
  assert.ok(await page.locator('.groups > li').count() >= 2, 'outlets are listed by syndication group');
  assert.ok(await page.locator('.groups > li ul li').count() > await page.locator('.groups > li').count(), 'a group holds wire copies');
  assert.ok(await page.locator('section.contradicting li').count() >= 1, 'the denial is listed');
  assert.ok(await page.locator('section.corroborating li').count() >= 1);
  assert.match(await page.locator('.first-report').textContent(), /First reported by/);
  await shoot(page, 'cluster');
  assert.deepEqual(problems, []);
  await page.close();
});
