import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Locator, Page } from 'playwright-core';
import { CustomerOverview } from '@app/shared-types';
import { BankHarness } from '../../../test/support/bank-harness';
import { HeadlessPage } from '../../../test/support/browser';

const SCREENSHOT = resolve(__dirname, 'screenshots/demo-page.png');
/** The committed evidence (README: "The bank's demo page"); refreshed with UPDATE_SCREENSHOT=1. */
const DOCS_SCREENSHOT = resolve(__dirname, '../../../docs/images/mock-bank-demo-page.png');

// The demo page in a real Chromium, with JavaScript off: the whole story works with plain
// forms. The stack (core, exchange, bank) runs in this process on loopback ports.
describe('the bank demo page in a browser (e2e)', () => {
  let h: BankHarness | undefined;
  let browser: HeadlessPage | undefined;
  let page: Page;
  const customerId = `demo_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    browser = await HeadlessPage.open('mock-bank');
    page = browser.page;
    h = await BankHarness.start();
  }, 90000);

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  const bankUrl = () => (h as BankHarness).bank.url;
  const text = (selector: string) => page.locator(selector).innerText();
  const flash = () => text('[data-test=flash]');
  /** Clicks a form's button and waits for the page the 303 leads to. */
  const submit = async (button: Locator) => {
    await Promise.all([page.waitForEvent('load'), button.click()]);
  };
  const fillAndSend = async (formId: string, amount: string) => {
    const form = page.locator(`#${formId}`);
    await form.locator('input[name=amount]').fill(amount);
    await submit(form.locator('button'));
  };
  /** The bank's JSON API, to check the page against. */
  const overview = async (): Promise<CustomerOverview> => (await fetch(`${bankUrl()}/customers/${customerId}`)).json() as Promise<CustomerOverview>;
  const walletOf = (o: CustomerOverview, currency: 'AZN' | 'USDT') => o.wallet.find((b) => b.currency === currency)?.available;

  it('opens a customer from the home page and shows the bank account and an empty wallet', async () => {
    await page.goto(`${bankUrl()}/`);
    expect(await page.title()).toBe('Customers · Mock Bank');

    const form = page.locator('form[action="/page/customers"]');
    await form.getByLabel('Name').fill('Aysel Məmmədova');
    await form.getByLabel('Opening balance (AZN)').fill('500.00');
    await form.getByLabel('Id (optional)').fill(customerId);
    await submit(form.getByRole('button', { name: 'Open customer' }));

    expect(new URL(page.url()).pathname).toBe(`/customers/${customerId}/page`);
    expect(await flash()).toBe("Opened Aysel Məmmədova's bank account with 500.00 AZN.");
    expect(await text('#bank-balance')).toBe('500.00 AZN');
    expect(await text('#wallet-azn-available')).toBe('0.00');
    expect(await text('#wallet-usdt-available')).toBe('0.00');
    expect(await text('#history-empty')).toBe('Nothing yet.');
  });

  it('the picker on the home page leads to the customer', async () => {
    await page.goto(`${bankUrl()}/`);
    await page.locator('select[name=customer]').selectOption(customerId);
    await submit(page.getByRole('button', { name: 'Show' }));
    expect(new URL(page.url()).pathname).toBe(`/customers/${customerId}/page`);
    // The flash was shown once: it is gone now.
    expect(await page.locator('[data-test=flash]').count()).toBe(0);
  });

  it('deposits AZN from the bank account into the crypto wallet', async () => {
    await fillAndSend('deposit-form', '200.00');

    expect(await flash()).toBe('Moved 200.00 AZN from your bank account into your crypto wallet.');
    expect(await text('#bank-balance')).toBe('300.00 AZN');
    expect(await text('#wallet-azn-available')).toBe('200.00');
  });

  it('gets a firm quote, shows it with its expiry, and buys at it', async () => {
    const form = page.locator('#quote-form');
    await form.locator('select[name=side]').selectOption('BUY');
    await fillAndSend('quote-form', '100.00');

    const quoteFlash = await flash();
    expect(quoteFlash).toMatch(/^Quote: 100\.00 AZN buys (\d+\.\d{2}) USDT at (\d+\.\d{4}) AZN per USDT, valid until \d\d:\d\d:\d\d UTC\.$/);
    const [, usdt, rate] = /buys (\S+) USDT at (\S+) AZN/.exec(quoteFlash) as RegExpExecArray;
    const quote = page.locator('#quote');
    expect(await quote.locator('strong').innerText()).toBe(`Buy ${usdt} USDT for 100.00 AZN`);
    expect(await text('#quote-expiry')).toMatch(/^Valid until \d\d:\d\d:\d\d UTC \(\d+ s left when shown\)$/);

    await submit(quote.getByRole('button', { name: 'Buy at this quote' }));

    expect(await flash()).toBe(`Bought ${usdt} USDT for 100.00 AZN at ${rate} AZN per USDT.`);
    expect(await page.locator('#quote').count()).toBe(0);
    expect(await text('#wallet-azn-available')).toBe('100.00');
    expect(await text('#wallet-usdt-available')).toBe(usdt);
    const api = await overview();
    expect(walletOf(api, 'USDT')).toBe(usdt);
  });

  it('sells USDT at the market', async () => {
    const before = Number(await text('#wallet-usdt-available'));
    await fillAndSend('sell-form', '20.00');

    expect(await flash()).toMatch(/^Sold 20\.00 USDT for \d+\.\d{2} AZN at \d+\.\d{4} AZN per USDT\.$/);
    expect(await text('#wallet-usdt-available')).toBe((before - 20).toFixed(2));
    const api = await overview();
    expect(await text('#wallet-azn-available')).toBe(walletOf(api, 'AZN'));
    expect(await text('#bank-balance')).toBe(`${api.bankAccount.balance} AZN`);
  });

  it('a buy above the wallet balance is refused, in words, and moves nothing', async () => {
    const azn = await text('#wallet-azn-available');
    await fillAndSend('buy-form', '1000.00');

    expect(await page.locator('[data-test=flash]').getAttribute('class')).toBe('flash error');
    expect(await flash()).toBe(
      'Not enough AZN in your crypto wallet. Deposit AZN from your bank account first.\nINSUFFICIENT_FUNDS: User AZN balance is too low.',
    );
    expect(await text('#wallet-azn-available')).toBe(azn);
  });

  it('lists every action in the history, newest first, with status, amounts, rate and the refusal in words', async () => {
    const rows = page.locator('#history tbody tr');
    const kinds: string[] = [];
    for (const row of await rows.all()) kinds.push(`${await row.getAttribute('data-kind')} ${await row.getAttribute('data-status')}`);
    expect(kinds).toEqual(['BUY REFUSED', 'SELL COMPLETED', 'BUY COMPLETED', 'QUOTE QUOTED', 'DEPOSIT COMPLETED']);

    const refused = await rows.nth(0).innerText();
    expect(refused).toContain('Not enough AZN in your crypto wallet.');
    expect(refused).toContain('1000.00 AZN');
    expect(await rows.nth(1).innerText()).toMatch(/Sell USDT\s+COMPLETED\s+20\.00 USDT\s+\d+\.\d{2} AZN\s+\d+\.\d{4}\s+ledger rows/);
    expect(await rows.nth(2).innerText()).toMatch(/Buy USDT\s+COMPLETED\s+100\.00 AZN\s+\d+\.\d{2} USDT\s+\d+\.\d{4}\s+ledger rows/);
    expect(await rows.nth(4).innerText()).toMatch(/Deposit to wallet\s+COMPLETED\s+200\.00 AZN\s+200\.00 AZN\s+—\s+ledger rows/);
  });

  it('saves a screenshot of the page: the refusal in words, the balances, the forms and the history', async () => {
    expect(await (browser as HeadlessPage).screenshot(SCREENSHOT, DOCS_SCREENSHOT)).toBeGreaterThan(10_000);
  });

  it('a history row links to the transaction and its four ledger rows', async () => {
    const bought = page.locator('#history tbody tr[data-kind=BUY][data-status=COMPLETED]');
    await submit(bought.getByRole('link', { name: 'ledger rows' }));

    expect(await text('#transaction-status')).toBe('COMPLETED');
    expect(await page.locator('#ledger tbody tr').count()).toBe(4);
    await submit(page.getByRole('link', { name: '← Aysel Məmmədova' }));
    expect(new URL(page.url()).pathname).toBe(`/customers/${customerId}/page`);
  });
});
