// `murphy trees` opened as a user opens it: the written page in a real headless browser (Debian's
// chromium, driven by puppeteer-core), offline, with assertions on what it shows, and a screenshot
// beside the page (docs/trees.png is the same page made from examples/local.yaml's run: docs/trees.md).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIO } from '../../src/cli/test-io.js';
import { HOSTILE_CODE, RETRIED_CODE, RETRY_FEEDBACK, sampleRunDir } from './sample-run.js';

const CHROMIUM = '/usr/bin/chromium';
/** Three trees that show each outcome and 60 plain ones: 63 in all, two pages of 50. */
const PLAIN_TREES = 60;

let browser: Browser;
let page: Page;
let runDir: string;
const refused: string[] = [];
const dialogs: string[] = [];

const count = () => page.$eval('#count', (e) => e.textContent);
const cards = () => page.$$eval('article.tree', (list) => list.length);
const nodeText = (id: string, part: string) => page.$eval(`[data-node-id="${id}"] ${part}`, (e) => e.textContent);

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: the browser test needs Debian's chromium (scripts/setup.d/42-browser.sh installs it)`);
  runDir = sampleRunDir(PLAIN_TREES);
  const io = captureIO();
  expect(await runCli(['trees', runDir], io)).toBe(0);
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // --no-sandbox: the test runs as root (in CI and in this sandbox), where chromium refuses its own
    // sandbox; it only opens our own page from a local file, with every non-file request refused below.
    args: ['--no-sandbox', '--headless=new'],
  });
  page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url().startsWith('file:')) return void request.continue();
    refused.push(request.url());
    void request.abort();
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(pathToFileURL(join(runDir, 'trees.html')).href, { waitUntil: 'load' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the murphy trees page in a browser', () => {
  it('lists the first 50 of 63 trees and pages to the rest', async () => {
    expect(await count()).toBe('showing 1–50 of 63 trees');
    expect(await cards()).toBe(50);
    await page.click('#next');
    expect(await count()).toBe('showing 51–63 of 63 trees');
    expect(await page.$eval('#page', (e) => e.textContent)).toBe('page 2 of 2');
    expect(await cards()).toBe(13);
    await page.click('#prev');
    expect(await cards()).toBe(50);
  });

  it("shows a node's code and the feedback its retries saw", async () => {
    expect(await nodeText('s1.p0.0', 'pre.code')).toBe(RETRIED_CODE);
    expect(await nodeText('s1.p0.0', 'pre.feedback')).toBe(`tests shown: 3/4 passed\n${RETRY_FEEDBACK}`);
    expect(await nodeText('s1.p0.0', '.feedback-label')).toBe('feedback the next turn saw');
    expect(await nodeText('s1.p0.0.0', '.reward')).toBe('reward 1.00 (4/4 tests)');
  });

  it('marks the pruned branch', async () => {
    const states = await page.$$eval('article[data-tree="s1.p0"] .node', (list) => list.map((n) => [n.getAttribute('data-node-id'), n.querySelector('.badge')?.textContent]));
    expect(states).toEqual([
      ['s1.p0.0', 'kept'],
      ['s1.p0.0.0', 'kept'],
      ['s1.p0.0.1', 'kept'],
      ['s1.p0.1', 'kept'],
      ['s1.p0.1.0', 'pruned'],
      ['s1.p0.1.1', 'pruned'],
    ]);
  });

  it('shows hostile program code and output as text: no script runs, no image loads', async () => {
    expect(await nodeText('s1.p1.1', 'pre.code')).toBe(HOSTILE_CODE);
    expect(await nodeText('s1.p1.1', 'pre.feedback')).toContain('got: <img src=x onerror=alert(3)>');
    expect(await page.$$eval('img', (list) => list.length)).toBe(0);
    expect(await page.$$eval('script', (list) => list.length)).toBe(2);
    expect(dialogs).toEqual([]);
    expect(refused).toEqual([]);
  });

  it('narrows the list by outcome, step and problem', async () => {
    await page.select('#outcome', 'after-feedback');
    expect(await count()).toBe('showing 1–1 of 1 trees');
    expect(await page.$$eval('article.tree', (list) => list.map((t) => t.getAttribute('data-tree')))).toEqual(['s1.p0']);
    await page.select('#outcome', 'never');
    expect(await count()).toBe('showing 1–31 of 31 trees');
    await page.select('#outcome', '');
    await page.select('#step', '1');
    expect(await count()).toBe('showing 1–2 of 2 trees');
    expect(await page.$eval('#step-summary', (e) => e.textContent)).toBe('step 1');
    await page.select('#step', '');
    await page.type('#problem', 'plain-01');
    expect(await count()).toBe('showing 1–10 of 10 trees');
    await page.click('#problem', { clickCount: 3 });
    await page.keyboard.press('Backspace');
    expect(await count()).toBe('showing 1–50 of 63 trees');
  });

  it('renders a screenshot of a step', async () => {
    await page.select('#step', '1');
    expect(await cards()).toBe(2);
    const file = join(runDir, 'trees.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });
});
