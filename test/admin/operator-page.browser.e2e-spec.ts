import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { HeadlessPage } from '../support/browser';
import { CoreHarness } from '../support/core-harness';
import { AdminHarness } from './support/admin-harness';

const SCREENSHOT = resolve(__dirname, 'screenshots/operator-page.png');
/** The committed evidence (README: "The operator's page"); refreshed with UPDATE_SCREENSHOT=1. */
const DOCS_SCREENSHOT = resolve(__dirname, '../../docs/images/operator-page.png');

// The operator page in a real Chromium, JavaScript off, the viewer key given as HTTP Basic
// credentials (as a browser asks for them).
describe('the operator page in a browser (e2e)', () => {
  let core: CoreHarness;
  let admin: AdminHarness;
  let browser: HeadlessPage | undefined;
  let page: Page;
  let adminUrl: string;
  const code = `page-${randomUUID().slice(0, 6)}`;
  const suspended = `page-${randomUUID().slice(0, 6)}-off`;

  beforeAll(async () => {
    core = await CoreHarness.start();
    admin = await AdminHarness.start(core);
    await admin.app.listen(0, '127.0.0.1');
    adminUrl = await admin.app.getUrl();

    // A bank with a trade and a second key behind it (a short code for the page); another one suspended, mid-rotation.
    const bank = await core.createBank({ spreadBps: 120 });
    await admin.post(`/admin/v1/banks/${bank.code}/keys`, { label: 'backup' });
    expect((await core.deposit(bank, 'page-customer', '100.00')).status).toBe(201);
    expect((await core.buy(bank, { bankUserId: 'page-customer', amount: '25.00', currency: 'AZN' })).status).toBe(201);
    await core.prisma.bank.update({ where: { id: bank.id }, data: { code, name: 'Partner Bank' } });
    await admin.post('/admin/v1/banks', { code: suspended, name: 'Suspended Bank', webhookUrl: 'https://bank.example/hooks' });
    await admin.post(`/admin/v1/banks/${suspended}/suspend`);
    await admin.post(`/admin/v1/banks/${suspended}/webhook-secret/rotate`, { overlapSeconds: 3600 });
    // An event the dispatcher gave up on (as it leaves one after its last attempt).
    await core.prisma.outboxEvent.create({
      data: { bankId: bank.id, type: 'trade.completed', payload: '{}', status: 'DEAD', attempts: 1000, lastError: 'HTTP 500' },
    });

    browser = await HeadlessPage.open('operator-page', { httpCredentials: { username: 'operator', password: admin.viewerKey } });
    page = browser.page;
  }, 90000);

  afterAll(async () => {
    await browser?.close();
    await admin?.stop();
    await core?.stop();
  });

  it('asks for an operator key: none, or a bank key, gets 401 and a Basic challenge', async () => {
    const none = await admin.http().get('/admin');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Basic');
    const bankKey = await admin
      .http()
      .get('/admin')
      .auth('bank', (await core.createBank()).apiKey);
    expect(bankKey.body.errorCode).toBe('INVALID_OPERATOR_KEY');
  });

  it('shows the banks, their keys, the treasury and the DEAD events', async () => {
    const res = await page.goto(`${adminUrl}/admin`);
    expect(res?.status()).toBe(200);
    const banks = await page.locator('[data-test=banks]').innerText();
    expect(banks).toContain(code);
    expect(await page.locator(`[data-test=bank-${suspended}]`).innerText()).toMatch(/suspended/);
    expect(await page.locator(`[data-test=bank-${suspended}]`).innerText()).toMatch(/secret rotation until/);
    const keys = await page.locator('[data-test=keys]').innerText();
    expect(keys).toContain('backup');
    expect(await page.locator('[data-test=position-AZN]').innerText()).toContain('balanced');
    expect(await page.locator('[data-test=flows]').innerText()).toContain(code);
    expect(await page.locator('[data-test=revenue]').innerText()).toContain(code);
    const dead = await page.locator('[data-test=dead-events]').innerText();
    expect(dead).toContain('HTTP 500');
    expect(await page.content()).not.toMatch(/whsec_|ck_[A-Za-z0-9_-]{20}/);
  });

  it('saves a screenshot of the page', async () => {
    expect(await (browser as HeadlessPage).screenshot(SCREENSHOT, DOCS_SCREENSHOT)).toBeGreaterThan(10_000);
  });
});
