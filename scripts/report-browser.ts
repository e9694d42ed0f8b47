/**
 * `npm run report:browser [-- <reports dir>]`: look at the HTML report as a person would. Serves reports/html on a
 * loopback port, opens it in Debian's Chromium driven by Playwright, finds every check of reports/conformance.json in
 * the list, opens one check (the first unexpected result, else the first with exchanges), expands an attached
 * exchange and reads it, then saves a screenshot to reports/html-report.png. Exits 1 when anything is missing.
 *
 * Chromium: `apt-get install chromium` (Debian's, at /usr/bin/chromium; CHROMIUM_PATH points elsewhere). Playwright's
 * own browser download is never used.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { UNEXPECTED, type CheckReport, type RunReport } from '../reporting/model';
import { reportsDir } from '../reporting/reporters';

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8', '.zip': 'application/zip' };

class ReportProblem extends Error {}

/** A static server for one folder, on 127.0.0.1 and a free port; nothing outside the folder is served. */
async function serve(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = path.resolve(root, `.${pathname.endsWith('/') ? `${pathname}index.html` : pathname}`);
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) res.writeHead(404).end();
      else res.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(data);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function chromiumPath(): string {
  const executable = process.env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium';
  if (!fs.existsSync(executable)) {
    throw new ReportProblem(`no Chromium at ${executable}: install Debian's (\`apt-get install -y chromium\`) or set CHROMIUM_PATH to a Chromium binary (e.g. CHROMIUM_PATH=/usr/bin/chromium)`);
  }
  return executable;
}

/** The check a person would open first: what went wrong, else a documented example, else any that sent a request. */
function checkToOpen(run: RunReport): CheckReport {
  const sent = run.checks.filter((c) => c.exchanges > 0);
  const chosen = sent.find((c) => UNEXPECTED.has(c.verdict)) ?? sent.find((c) => c.tags.includes('@documented')) ?? sent[0];
  if (!chosen) throw new ReportProblem('no check in conformance.json recorded an exchange, so there is nothing attached to look at');
  return chosen;
}

/** How the report's list names a check: its describe titles and its title, without the file (the list groups by file). */
function listedTitle(check: CheckReport): string {
  return check.id.split(' › ').slice(1).join(' › ');
}

async function findChecks(page: Page, run: RunReport): Promise<void> {
  await page.locator('.test-file-test').first().waitFor({ timeout: 15_000 });
  const listed = await page.locator('.test-file-title').allInnerTexts();
  const missing = run.checks.filter((c) => !listed.includes(listedTitle(c)));
  if (missing.length) throw new ReportProblem(`the HTML report does not list ${missing.length} check(s): ${missing.map((c) => c.id).join('; ')}`);
  if (listed.length !== run.checks.length) throw new ReportProblem(`the HTML report lists ${listed.length} checks, conformance.json ${run.checks.length}`);
}

/** Opens the check, expands its last exchange (the one a failure is usually about) and returns what it shows. */
async function readExchange(page: Page, check: CheckReport): Promise<{ name: string; text: string }> {
  await page.locator('.test-file-title').getByText(listedTitle(check), { exact: true }).click();
  await page.getByText(check.title, { exact: true }).first().waitFor();
  const attachments = page.locator('.chip').filter({ has: page.locator('.chip-header', { hasText: /^Attachments$/ }) });
  const names = await attachments.getByText(/^exchange \d+: /).allInnerTexts();
  if (names.length !== check.exchanges) throw new ReportProblem(`${check.id}: the HTML report attaches ${names.length} exchange(s), conformance.json counted ${check.exchanges}`);
  const name = names[names.length - 1]!;
  await attachments.getByText(name, { exact: true }).click();
  const body = attachments.locator('.attachment-body').last();
  await body.waitFor();
  return { name, text: await body.innerText() };
}

async function main(): Promise<void> {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : reportsDir();
  const htmlDir = path.join(dir, 'html');
  const runFile = path.join(dir, 'conformance.json');
  for (const needed of [path.join(htmlDir, 'index.html'), runFile]) {
    if (!fs.existsSync(needed)) throw new ReportProblem(`${needed} does not exist: run \`npm run conformance\` first (or pass the reports folder, e.g. \`npm run report:browser -- reports\`)`);
  }
  const run = JSON.parse(fs.readFileSync(runFile, 'utf8')) as RunReport;
  const executablePath = chromiumPath();
  const site = await serve(fs.realpathSync(htmlDir));
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage', '--no-first-run', '--disable-extensions'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(site.url);
    await findChecks(page, run);
    const check = checkToOpen(run);
    const exchange = await readExchange(page, check);
    const status = /^HTTP \d{3}.*$/m.exec(exchange.text)?.[0];
    if (!status) throw new ReportProblem(`${check.id}: "${exchange.name}" shows no HTTP status line`);
    if (!/^request-id: \S+/im.test(exchange.text)) throw new ReportProblem(`${check.id}: "${exchange.name}" shows no request-id`);
    const authorization = /^Authorization: (.*)$/im.exec(exchange.text)?.[1];
    if (authorization !== undefined && !/^(\w+ )?<redacted>$/.test(authorization.trim())) throw new ReportProblem(`${check.id}: "${exchange.name}" shows an Authorization header unredacted`);
    const screenshot = path.join(dir, 'html-report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    process.stdout.write(
      `html report: all ${run.checks.length} checks listed; opened "${check.id}" (${check.verdict}): ${check.exchanges} exchange(s) attached, ` +
        `"${exchange.name}" shows "${status.trim()}" with its request-id${authorization === undefined ? '' : ` and "Authorization: ${authorization.trim()}"`}; screenshot ${path.relative(process.cwd(), screenshot) || screenshot}\n`,
    );
  } finally {
    await browser.close();
    await site.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`report browser check failed: ${err instanceof ReportProblem ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
