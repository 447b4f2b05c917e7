import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { FakeAnswer, FakeCore, depositAnswer } from './support/fake-core';
import { startTestBank, TestBank } from './support/mock-bank-test-app';

// The demo page over plain HTTP, against a fake core that answers what each test scripts:
// the forms without a browser, every core refusal in words, escaping, and a core that is down.
describe('the bank demo page (e2e)', () => {
  let core: FakeCore;
  let bank: TestBank;

  beforeAll(async () => {
    core = await FakeCore.start();
    // One attempt: a scripted 5xx reaches the page as it came instead of being retried.
    bank = await startTestBank({ CORE_ENGINE_URL: core.url, MOCK_BANK_CORE_ATTEMPTS: '1', MOCK_BANK_CORE_TIMEOUT_MS: '1000' });
  });

  beforeEach(() => {
    core.requests.length = 0;
    core.script.length = 0;
    // Balances of a customer the core does not know yet: the page shows an empty wallet.
    core.fallback = () => refusal(404, 'USER_NOT_FOUND', 'No such user for this bank.');
  });

  afterAll(async () => {
    await bank.close();
    await core.close();
  });

  /** Sends a form the way a browser does; answers where the 303 leads and the flash cookie. */
  async function send(path: string, fields: Record<string, string>): Promise<{ location: string; cookie: string }> {
    const res = await bank.http().post(path).type('form').send(fields).expect(303);
    return { location: res.headers.location, cookie: flashCookieOf(res) };
  }

  async function show(location: string, cookie = ''): Promise<Response> {
    return bank
      .http()
      .get(location)
      .set('Cookie', cookie)
      .expect(200)
      .expect('Content-Type', /text\/html/);
  }

  /** Sends the form, follows the redirect, and answers the words shown. */
  async function flashAfter(path: string, fields: Record<string, string>): Promise<string> {
    const { location, cookie } = await send(path, fields);
    return flashOf((await show(location, cookie)).text);
  }

  it('GET / lists the customers, escaped, on a page that allows no script', async () => {
    const id = `c_${randomUUID().slice(0, 8)}`;
    await bank.http().post('/customers').send({ id, name: '<img src=x onerror=alert(1)> & Co', openingBalance: '10.00' }).expect(201);

    const res = await show('/');

    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; Co');
    expect(res.text).not.toContain('<img src=x');
    expect(res.text).not.toContain('<script');
    await bank.http().get('/').query({ customer: id }).expect(303).expect('Location', `/customers/${id}/page`);
  });

  it('opens a customer with the form: 303 to its page, and the message is shown once', async () => {
    const { location, cookie } = await send('/page/customers', { name: 'Leyla "Q" <Aliyeva>', openingBalance: '250.00', id: '' });

    expect(location).toMatch(/^\/customers\/cust_[0-9a-f]{16}\/page$/);
    const page = await show(location, cookie);
    expect(flashOf(page.text)).toBe(`Opened Leyla "Q" <Aliyeva>'s bank account with 250.00 AZN.`);
    expect(page.text).toContain('Leyla &quot;Q&quot; &lt;Aliyeva&gt;');
    expect(page.headers['set-cookie']?.[0]).toMatch(/^mock_bank_flash=; Path=\/; Max-Age=0/);
    expect(page.text).toContain('<div class="big" id="bank-balance">250.00 AZN</div>');
    expect(page.text).toContain('<td class="num" id="wallet-usdt-available"><strong>0.00</strong></td>');
    expect(flashOf((await show(location)).text)).toBe('');
  });

  it('refuses a form with a bad amount in words, without calling the core', async () => {
    const customer = await bank.createCustomer();
    expect(await flashAfter('/page/customers', { name: 'X', openingBalance: 'lots' })).toBe(
      'Enter the opening balance in AZN with at most 2 decimals, for example 500.00.',
    );
    core.requests.length = 0;

    expect(await flashAfter(`/customers/${customer}/page/deposits`, { amount: '12.345' })).toBe(
      'Enter the amount in AZN as a number with at most 2 decimals, for example 100.00.',
    );
    expect(await flashAfter(`/customers/${customer}/page/quotes`, { amount: '10.00', side: 'HOLD' })).toBe(
      'Choose whether the quote is to buy or to sell USDT.',
    );
    expect(core.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  const refusals: Array<[string, 'deposits' | 'buys' | 'sells', FakeAnswer, string]> = [
    [
      'SLIPPAGE_EXCEEDED',
      'buys',
      refusal(409, 'SLIPPAGE_EXCEEDED', 'The market moved.'),
      'The market price moved too far since your quote, so nothing was traded. Get a new quote.',
    ],
    [
      'QUOTE_EXPIRED',
      'buys',
      refusal(410, 'QUOTE_EXPIRED', 'The quote has expired; request a new one.'),
      'That quote has expired, so nothing was traded. Get a new quote.',
    ],
    [
      'BANK_REFUSED',
      'deposits',
      refusal(502, 'BANK_REFUSED', "The bank did not acknowledge the deposit: insufficient funds in the customer's bank account (20.00 AZN)."),
      'Not enough money in your bank account for this deposit. No money was moved.',
    ],
    [
      'INSUFFICIENT_LIQUIDITY',
      'sells',
      refusal(503, 'INSUFFICIENT_LIQUIDITY', 'The exchange cannot fill this order right now.'),
      'The exchange cannot fill this order right now, so nothing was traded. Try again in a moment.',
    ],
    [
      'VALIDATION_ERROR',
      'sells',
      refusal(400, 'VALIDATION_ERROR', 'currency must be USDT'),
      'The crypto service did not accept the request: currency must be USDT',
    ],
    ['INSUFFICIENT_FUNDS', 'sells', refusal(422, 'INSUFFICIENT_FUNDS', 'User USDT balance is too low.'), 'Not enough USDT in your crypto wallet.'],
  ];

  it.each(refusals)('shows %s in words, with the core code underneath, and in the history', async (code, form, answer, words) => {
    const customer = await bank.createCustomer();
    core.script.push(answer);

    const { location, cookie } = await send(`/customers/${customer}/page/${form}`, { amount: '20.00', quoteId: randomUUID() });
    const page = (await show(location, cookie)).text;

    expect(flashOf(page)).toBe(`${words} ${code}: ${(answer as { body: { message: string } }).body.message}`);
    expect(page).toContain('<div class="flash error" role="alert"');
    expect(page).toMatch(/data-status="REFUSED">[\s\S]*?<span class="badge error">REFUSED<\/span><div class="muted">/);
  });

  it("a quote is shown with its expiry and a button to trade at it, on its own customer's page only", async () => {
    const customer = await bank.createCustomer();
    const other = await bank.createCustomer();
    const quoteId = randomUUID();
    const expiresAt = new Date(Date.now() + 15000).toISOString();
    core.script.push({
      status: 201,
      body: {
        success: true,
        data: {
          quoteId,
          side: 'SELL',
          exchangeRate: '1.6915',
          amount: '20.00',
          cryptoAmount: '20.00',
          spreadBps: 50,
          expiresAt,
          fiatAmount: '33.83',
          currency: 'USDT',
        },
      },
    });

    const { location, cookie } = await send(`/customers/${customer}/page/quotes`, { side: 'SELL', amount: '20.00' });

    expect(location).toMatch(new RegExp(`^/customers/${customer}/page\\?quote=[0-9a-f-]{36}$`));
    const page = (await show(location, cookie)).text;
    expect(flashOf(page)).toBe(`Quote: 20.00 USDT sells for 33.83 AZN at 1.6915 AZN per USDT, valid until ${expiresAt.slice(11, 19)} UTC.`);
    expect(page).toContain('<strong>Sell 20.00 USDT for 33.83 AZN</strong>');
    expect(page).toContain(`action="/customers/${customer}/page/sells"`);
    expect(page).toContain(`<input type="hidden" name="quoteId" value="${quoteId}">`);
    expect(JSON.parse(core.requests.find((r) => r.method === 'POST')?.body ?? '{}')).toEqual({
      bankUserId: customer,
      side: 'SELL',
      amount: '20.00',
      currency: 'USDT',
    });

    const stolen = location.replace(customer, other);
    expect((await show(stolen)).text).not.toContain('id="quote"');
  });

  it('the same form sent twice is one action with one idempotency key', async () => {
    const customer = await bank.createCustomer();
    const actionId = randomUUID();
    const txId = randomUUID();
    core.script.push(depositAnswer(txId, '40.00', '40.00'), depositAnswer(txId, '40.00', '40.00'));

    await send(`/customers/${customer}/page/deposits`, { amount: '40.00', actionId });
    const { location, cookie } = await send(`/customers/${customer}/page/deposits`, { amount: '40.00', actionId });

    const posts = core.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1].headers['x-idempotency-key']).toBe(posts[0].headers['x-idempotency-key']);
    const page = (await show(location, cookie)).text;
    expect(flashOf(page)).toBe('Moved 40.00 AZN from your bank account into your crypto wallet.');
    expect(page.match(/data-kind="DEPOSIT"/g)).toHaveLength(1);
    expect(page).toContain(`href="/customers/${customer}/page/transactions/${txId}"`);
  });

  it('with the core down, the page still shows the bank account, and an action says its outcome is not known', async () => {
    const customer = await bank.createCustomer('75.00');
    core.fallback = () => 'drop';

    const page = (await show(`/customers/${customer}/page`)).text;
    expect(page).toContain('75.00 AZN');
    expect(page).toContain('The crypto service did not answer, so the wallet cannot be shown right now.');

    const words = await flashAfter(`/customers/${customer}/page/buys`, { amount: '10.00' });
    expect(words).toMatch(
      /^The crypto service did not answer, so the outcome is not known yet\. Check the history in a moment before trying again\. CORE_UNAVAILABLE: /,
    );
  });

  it('an unknown customer or transaction is a page in words, not JSON', async () => {
    const missing = await bank
      .http()
      .get('/customers/nobody_here/page')
      .expect(404)
      .expect('Content-Type', /text\/html/);
    expect(flashOf(missing.text)).toBe('No customer has id "nobody_here".');

    const customer = await bank.createCustomer();
    core.script.push(refusal(404, 'TRANSACTION_NOT_FOUND', 'No such transaction for this bank.'));
    const tx = await bank.http().get(`/customers/${customer}/page/transactions/${randomUUID()}`).expect(404);
    expect(flashOf(tx.text)).toBe('No such transaction for this customer.');
    await bank
      .http()
      .post('/customers/nobody_here/page/deposits')
      .type('form')
      .send({ amount: '1.00' })
      .expect(404)
      .expect('Content-Type', /text\/html/);
  });
});

function refusal(status: number, errorCode: string, message: string): FakeAnswer {
  return { status, body: { success: false, errorCode, message } };
}

function flashCookieOf(res: Response): string {
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  return (header ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('mock_bank_flash=')) ?? '';
}

/** The flash's words as a reader sees them: tags dropped, entities decoded, spaces collapsed. */
function flashOf(page: string): string {
  const box = /data-test="flash">([\s\S]*?)<\/div>/.exec(page)?.[1] ?? '';
  const text = box
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return text.replace(/\s+/g, ' ').trim();
}
