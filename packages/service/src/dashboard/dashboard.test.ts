import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOmnistockClient,
  demoCatalog,
  demoKeys,
  type OmnistockClient,
  type OpsOverview,
  type RunningService,
  startService,
} from '../index';
import { dashboardJs } from './assets/script';
import { registerDashboard } from './index';

const ADMIN_KEY = 'demo-admin';
const REPORTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../reports');

/** A Chromium to drive: `CHROMIUM_PATH`, else the usual executable names on `PATH`. Never downloads one. */
function findChromium(): string | undefined {
  const explicit = process.env['CHROMIUM_PATH'];
  if (explicit) return explicit;
  const names = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome'];
  for (const dir of (process.env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

describe('dashboard assets', () => {
  it('serves the page, script and stylesheet with their types, a strict CSP and revalidation', async () => {
    const app = Fastify({ logger: false });
    registerDashboard(app);
    try {
      const page = await app.inject({ url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.body).toContain('<script type="module" src="dashboard.js"></script>');
      const script = await app.inject({ url: '/dashboard.js' });
      expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(script.body).toBe(dashboardJs);
      const css = await app.inject({ url: '/dashboard.css' });
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
      const etag = String(script.headers['etag']);
      const again = await app.inject({ url: '/dashboard.js', headers: { 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
    } finally {
      await app.close();
    }
  });

  it('ships a script that parses and never turns data into markup', () => {
    expect(() => new Function(dashboardJs)).not.toThrow();
    expect(dashboardJs).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(/);
  });
});

const executablePath = findChromium();
const mustRun = process.env['CI'] === 'true';
if (!executablePath && !mustRun) {
  console.warn(
    '\n!!! SKIPPED the dashboard browser test: no Chromium found (set CHROMIUM_PATH or put chromium on PATH); ' +
      'with CI=true this is a failure.\n',
  );
}

describe.runIf(executablePath !== undefined || mustRun)('operator dashboard in headless Chromium', () => {
  let service: RunningService;
  let api: OmnistockClient;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  /** The data of a typed client call, failing the test with the problem document otherwise. */
  async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
    const { data, error, response } = await call;
    expect(error, `${response.url}: ${JSON.stringify(error)}`).toBeUndefined();
    return data as T;
  }

  async function overview(): Promise<OpsOverview> {
    const res = await fetch(`${service.url}/ops/overview`, { headers: { 'X-Api-Key': ADMIN_KEY } });
    expect(res.status).toBe(200);
    return (await res.json()) as OpsOverview;
  }

  /** Waits (playwright's own wait) until the element's text is `text`, then asserts it for a clear message. */
  async function expectText(selector: string, text: string): Promise<void> {
    // A function, not a string: playwright polls a string predicate with eval, which the page's CSP blocks.
    await page
      .waitForFunction(
        (q) =>
          (globalThis as unknown as PageGlobals).document.querySelector(q.selector)?.textContent === q.text,
        { selector, text },
      )
      .catch(() => undefined);
    expect(await page.textContent(selector)).toBe(text);
  }

  beforeAll(async () => {
    if (executablePath === undefined) {
      throw new Error('CI=true but no Chromium was found: set CHROMIUM_PATH or put chromium on PATH');
    }
    service = await startService({
      port: 0,
      host: '127.0.0.1',
      sqlitePath: ':memory:',
      catalog: demoCatalog(),
      keys: demoKeys(),
      seed: true,
      logger: false,
    });
    api = createOmnistockClient({ baseUrl: service.url, apiKey: ADMIN_KEY });
    browser = await chromium.launch({ executablePath, headless: true });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('shows the demo, explains ATP per location and re-submits a corrected quarantined event', async () => {
    const sku = 'TSHIRT-M';
    const channel = 'marketplace-amazon';
    const now = Date.now();
    const event = (id: string, type: string, secondsAgo: number, data: Record<string, unknown>) => ({
      specversion: '1.0',
      id,
      source: 'test/dashboard',
      type,
      time: new Date(now - secondsAgo * 1000).toISOString(),
      subject: sku,
      datacontenttype: 'application/json',
      data: { sku, ...data },
    });
    // A count puts 10 at dc-1; a receipt of "five" (with a hostile document URI) is quarantined.
    const hostile = 'urn:<img/src=x/onerror=window.__pwned=1>';
    const bad = event('dash-received-1', 'omnistock.stock.received.v1', 30, {
      location: 'dc-1',
      qty: 'five',
      documentUri: hostile,
    });
    const count = event('dash-count-1', 'omnistock.stock.counted.v1', 60, { location: 'dc-1', onHand: '10' });
    const ingest = await ok(api.POST('/v1/events', { body: [count, bad] }));
    expect(ingest.results.map((r) => r.status)).toEqual(['accepted', 'quarantined']);
    const quarantineId = ingest.results[1]!.quarantineId!;

    // A held and a committed reservation; theft at store-21 then oversells the committed one.
    const expiresAt = new Date(now + 3_600_000).toISOString();
    const held = await ok(
      api.POST('/v1/reservations', {
        params: { header: { 'Idempotency-Key': 'dash-held' } },
        body: { channel: 'ecommerce', lines: [{ sku, location: 'store-12', qty: '2' }], expiresAt },
      }),
    );
    const order = await ok(
      api.POST('/v1/reservations', {
        params: { header: { 'Idempotency-Key': 'dash-order' } },
        body: {
          channel: 'pos',
          lines: [{ sku, location: 'store-21', qty: '1' }],
          expiresAt,
          orderRef: 'order-77',
        },
      }),
    );
    await ok(
      api.POST('/v1/reservations/{reservationId}/commit', {
        params: { path: { reservationId: order.id }, header: { 'Idempotency-Key': 'dash-commit' } },
        body: {},
      }),
    );
    const theft = event('dash-theft-1', 'omnistock.stock.adjusted.v1', 20, {
      location: 'store-21',
      delta: '-3',
      reasonCode: 'theft',
    });
    await ok(api.POST('/v1/events', { body: [theft] }));
    // The ERP counted 7 at store-14 where omnistock has 6.
    const report = await ok(
      api.POST('/v1/reconciliations', {
        body: {
          source: 'erp/sap-prod',
          asOf: new Date(now - 10_000).toISOString(),
          lines: [
            { sku, location: 'store-12', onHand: '10' },
            { sku, location: 'store-14', onHand: '7' },
          ],
        },
      }),
    );
    expect(report.exceptions).toHaveLength(1);

    await page.goto(`${service.url}/#key=${ADMIN_KEY}`);
    await page.locator('body[data-loaded="true"]').waitFor();
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.evaluate("sessionStorage.getItem('omnistock.dashboard.apiKey')")).toBe(ADMIN_KEY);

    // Every source the overview names has a row and a bar; the tiles count the exceptions.
    const ops = await overview();
    expect(ops.sources.map((s) => s.source)).toEqual(expect.arrayContaining(['test/dashboard', 'wms/dc-1']));
    for (const { source } of ops.sources) {
      await page.locator(`[data-testid="source-row"][data-source="${source}"]`).waitFor();
      await page.locator(`[data-testid="freshness-bar"][data-source="${source}"]`).waitFor();
    }
    await expectText('[data-testid="tile-quarantine"] .tile-value', '1');
    await expectText('[data-testid="tile-oversold"] .tile-value', '1');
    await expectText('[data-testid="tile-reservations"] .tile-value', '2');
    await expectText('[data-testid="oversold-table"] tbody td.negative', '−1');
    const listed = await page.locator('[data-testid="reservations-table"] tbody th').allTextContents();
    expect(listed).toEqual(expect.arrayContaining([held.id, order.id]));
    expect(await page.textContent('[data-testid="reconciliation-table"] tbody tr')).toContain('store-14');

    // Per-sku view: every location, with the service's own explanation of its ATP.
    await page.selectOption('[data-testid="sku-select"]', sku);
    await page.selectOption('[data-testid="channel-select"]', channel);
    for (const location of ops.catalog.locations) {
      const expected = await ok(
        api.GET('/v1/availability', { params: { query: { sku, location, channel, explain: true } } }),
      );
      const at = `[data-location="${location}"]`;
      await expectText(
        `[data-testid="sku-why"]${at} [data-testid="explanation-text"]`,
        expected.explanation!.text,
      );
      await expectText(`[data-testid="sku-row"]${at} [data-testid="atp"]`, expected.atp);
    }
    expect(await page.locator('[data-testid="explanation-bar"]').count()).toBe(ops.catalog.locations.length);

    // Quarantine: the hostile payload is shown as text, never run as markup.
    const row = page.locator(`[data-testid="quarantine-row"][data-quarantine-id="${quarantineId}"]`);
    await row.waitFor();
    expect(await row.locator('[data-testid="quarantine-event"]').textContent()).toContain(hostile);
    expect(await page.locator('[data-testid="panel-quarantine"] img').count()).toBe(0);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');

    // Correct the quantity in the editor and re-submit: the entry leaves the list.
    await row.locator('[data-testid="quarantine-edit"]').click();
    const editor = page.locator('[data-testid="quarantine-editor"]');
    const text = await editor.inputValue();
    expect(JSON.parse(text)).toEqual(bad);
    const corrected = text.replace('"five"', '"5"');
    await editor.fill(corrected);
    // A refresh round keeps the open editor: the same element, with the operator's text.
    await page.evaluate(
      'document.querySelector(\'[data-testid="quarantine-editor"]\').dataset.probe = "kept"',
    );
    const rounds = Number(await page.getAttribute('body', 'data-refreshes'));
    await page.click('[data-testid="refresh-now"]');
    await page.waitForFunction(
      (n) => Number((globalThis as unknown as PageGlobals).document.body.dataset.refreshes) > n,
      rounds,
    );
    expect(await editor.getAttribute('data-probe')).toBe('kept');
    expect(await editor.inputValue()).toBe(corrected);
    await page.locator('[data-testid="quarantine-resubmit-edited"]').click();
    await row.waitFor({ state: 'detached' });
    const outcome = page.locator('[data-testid="quarantine-outcome"]');
    expect(await outcome.getAttribute('data-outcome')).toBe('ok');
    expect(await outcome.textContent()).toContain('accepted');
    await page.locator('[data-testid="quarantine-empty"]').waitFor();

    // The API agrees: quarantine is empty and the receipt was applied (10 + 5 at dc-1), also on the page.
    expect((await ok(api.GET('/v1/quarantine'))).items).toEqual([]);
    const position = await ok(
      api.GET('/v1/positions/{sku}/{location}', { params: { path: { sku, location: 'dc-1' } } }),
    );
    expect(position.onHand).toBe('15');
    await expectText('[data-testid="sku-row"][data-location="dc-1"] td', '15');

    mkdirSync(REPORTS, { recursive: true });
    await page.screenshot({ path: join(REPORTS, 'dashboard.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});

/**
 * The page's globals, typed for the predicates above (the tests compile without the DOM lib). The
 * predicates are serialised into the page, so they can use types but no helpers from this file.
 */
interface PageGlobals {
  readonly document: {
    querySelector(selector: string): { textContent: string | null } | null;
    readonly body: { readonly dataset: Record<string, string | undefined> };
  };
}
