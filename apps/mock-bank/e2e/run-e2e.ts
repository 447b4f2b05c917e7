import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import {
  CustomerActionResult,
  CustomerActionView,
  CustomerOverview,
  LedgerRowView,
  QuoteResponseData,
  ReceivedEventView,
  TransactionView,
} from '@app/shared-types';

export interface E2eOptions {
  /** The Mock Bank, whose API the script uses as the bank's app would. */
  bankUrl: string;
  /** When given, its /health is checked first (the bank reaches it on its own). */
  coreUrl?: string;
  openingBalance?: string;
  depositAmount?: string;
  buyAmount?: string;
  /** How long to wait for the trade.completed webhook to reach the bank. */
  webhookTimeoutMs?: number;
  /**
   * The Mock Exchange's admin API (its URL and MOCK_EXCHANGE_ADMIN_KEY): given, the script also
   * places a limit order on the customer's page, moves the price across it and waits for the fill
   * (step 9; the Core Engine's matcher must be running, ORDER_MATCH_INTERVAL_MS > 0).
   */
  exchangeAdmin?: { url: string; key: string };
  /** How long to wait for the limit order's fill. */
  orderTimeoutMs?: number;
}

export interface E2eResult {
  customerId: string;
  transactionId: string;
  cryptoAmount: string;
  exchangeRate: string;
  quoteId: string | null;
  ledger: LedgerRowView[];
  webhook: ReceivedEventView;
}

/** Anything the script did not expect: the CLI exits non-zero on it. */
export class E2eSurprise extends Error {}

interface Answer<T> {
  status: number;
  body: T;
}

/**
 * The end-to-end story against running services, told through the Mock Bank as its app
 * would: open a customer, deposit AZN into the crypto wallet, quote, buy, replay the buy,
 * overspend, wait for the webhook, and show the balances and the buy's ledger rows.
 * Each step prints as it goes and checks its answer; the first surprise throws.
 */
export async function runE2e(options: E2eOptions, say: (line: string) => void): Promise<E2eResult> {
  const bank = new BankApi(options.bankUrl);
  const opening = options.openingBalance ?? '500.00';
  const depositAmount = options.depositAmount ?? '150.00';
  const buyAmount = options.buyAmount ?? '100.00';

  say('0. services');
  await expectHealthy(`${options.bankUrl}/health`, 'Mock Bank');
  if (options.coreUrl) await expectHealthy(`${options.coreUrl}/health`, 'Core Engine');
  say(`   Mock Bank ${options.bankUrl}${options.coreUrl ? `, Core Engine ${options.coreUrl}` : ''}: healthy`);

  const customerId = `e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  say(`1. open customer ${customerId} at the bank with ${opening} AZN in the bank account`);
  expectStatus('open customer', await bank.post('/customers', { id: customerId, name: 'E2E Customer', openingBalance: opening }), 201);
  const opened = await bank.customer(customerId);
  expectEqual('bank balance after opening', opened.bankAccount.balance, money(opening));
  say(`   ${describeBalances(opened)}`);

  say(`2. deposit ${depositAmount} AZN into the crypto wallet (the core asks the bank to acknowledge; the bank debits the account)`);
  const deposit = await bank.action(`/customers/${customerId}/deposits`, { amount: depositAmount });
  expectStatus('deposit', deposit, 201);
  say(`   ${deposit.status} ${coreSummary(deposit.body)} ${actionSummary(deposit.body.action)}`);
  const before = await bank.customer(customerId);
  expectEqual('bank balance after the deposit', before.bankAccount.balance, money(new Decimal(opening).minus(depositAmount)));
  expectEqual('wallet AZN after the deposit', walletOf(before, 'AZN'), money(depositAmount));
  say(`   balances before the buy: ${describeBalances(before)}`);

  say(`3. quote a buy for ${buyAmount} AZN`);
  const quote = await bank.action(`/customers/${customerId}/quotes`, { amount: buyAmount });
  let quoteId: string | null = null;
  if (quote.status >= 200 && quote.status < 300) {
    const data = (quote.body.core.body as { data: QuoteResponseData }).data;
    quoteId = data.quoteId;
    say(`   ${quote.status} quote ${data.quoteId}: ${data.cryptoAmount} USDT at ${data.exchangeRate} AZN/USDT, firm until ${data.expiresAt}`);
  } else if ([400, 404, 405].includes(quote.status)) {
    say(`   note: the core has no usable quote endpoint (${quote.status} ${coreSummary(quote.body)}); buying at the market price`);
  } else {
    throw new E2eSurprise(`quote: HTTP ${quote.status} ${JSON.stringify(quote.body)}`);
  }

  const buyRequest = { amount: buyAmount, ...(quoteId && { quoteId }) };
  say(`4. buy USDT for ${buyAmount} AZN${quoteId ? ' with the quote' : ''}`);
  const buy = await bank.action(`/customers/${customerId}/buys`, buyRequest);
  expectStatus('buy', buy, 201);
  const bought = (buy.body.core.body as { data: { transactionId: string; status: string; cryptoAmount: string; exchangeRate: string } }).data;
  expectEqual('buy status', bought.status, 'COMPLETED');
  say(`   ${buy.status} ${coreSummary(buy.body)} ${actionSummary(buy.body.action)}`);
  const afterBuy = await bank.customer(customerId);

  say(`5. the same buy again: same action ${buy.body.action.actionId}, same idempotency key ${buy.body.action.idempotencyKey}`);
  const replay = await bank.action(`/customers/${customerId}/buys`, { ...buyRequest, actionId: buy.body.action.actionId });
  expectStatus('replay', replay, 201);
  expectEqual('replayed answer', JSON.stringify(replay.body.core.body), JSON.stringify(buy.body.core.body));
  expectEqual('replay idempotency key', replay.body.action.idempotencyKey, buy.body.action.idempotencyKey);
  const afterReplay = await bank.customer(customerId);
  expectEqual('balances after the replay', describeBalances(afterReplay), describeBalances(afterBuy));
  say(`   ${replay.status} the stored answer: same transaction ${bought.transactionId}, identical body; no second trade, balances unchanged`);

  const tooMuch = new Decimal(depositAmount).times(10).toFixed(2);
  say(`6. buy for ${tooMuch} AZN, above the wallet's AZN balance`);
  const overspend = await bank.action(`/customers/${customerId}/buys`, { amount: tooMuch });
  expectStatus('overspend', overspend, 422);
  expectEqual('overspend errorCode', (overspend.body.core.body as { errorCode?: string }).errorCode, 'INSUFFICIENT_FUNDS');
  say(`   ${overspend.status} ${coreSummary(overspend.body)}`);

  say('7. wait for the trade.completed webhook at the bank');
  const waitStarted = Date.now();
  const webhook = await waitForWebhook(bank, bought.transactionId, options.webhookTimeoutMs ?? 30000);
  const actions = (await bank.get<CustomerActionView[]>(`/customers/${customerId}/actions`)).body;
  const buyAction = actions.find((a) => a.actionId === buy.body.action.actionId);
  expectEqual('the buy action after the webhook', buyAction?.tradeStatus, 'COMPLETED');
  say(
    `   event ${webhook.eventId} (${webhook.type}) received after ${((Date.now() - waitStarted) / 1000).toFixed(1)} s, ` +
      `signature checked, ${webhook.deliveries} deliver${webhook.deliveries === 1 ? 'y' : 'ies'}; the buy action now reads COMPLETED`,
  );

  say('8. balances after');
  const after = await bank.customer(customerId);
  expectEqual('wallet AZN after the buy', walletOf(after, 'AZN'), money(new Decimal(depositAmount).minus(buyAmount)));
  expectEqual('wallet USDT after the buy', walletOf(after, 'USDT'), money(bought.cryptoAmount));
  expectEqual('bank balance after the buy', after.bankAccount.balance, before.bankAccount.balance);
  say(`   ${describeBalances(after)}`);

  if (options.exchangeAdmin) await limitOrderStep(options.bankUrl, customerId, options.exchangeAdmin, options.orderTimeoutMs ?? 30000, say);

  const tx = await bank.get<TransactionView>(`/customers/${customerId}/transactions/${bought.transactionId}`);
  expectStatus('transaction', tx, 200);
  const ledger = tx.body.ledger;
  expectEqual('ledger rows of the buy', ledger.length, 4);
  for (const currency of ['AZN', 'USDT'] as const) {
    const sum = ledger.filter((r) => r.currency === currency).reduce((s, r) => s.plus(r.amount), new Decimal(0));
    if (!sum.isZero()) throw new E2eSurprise(`the buy's ${currency} rows sum to ${sum.toFixed()} instead of 0`);
  }
  say(`   the buy ${bought.transactionId}: ${tx.body.status}, its ${ledger.length} ledger rows (spread revenue ${tx.body.feeAmount} AZN):`);
  ledger.forEach((r, i) =>
    say(
      `   ${i + 1}. ${r.accountKind.padEnd(8)} ${r.currency.padEnd(4)} ${r.amount.padStart(16)}  ${r.balanceAfter === null ? "(the house's side: no balance shown to banks)" : `balance after ${r.balanceAfter}`}`,
    ),
  );

  return {
    customerId,
    transactionId: bought.transactionId,
    cryptoAmount: bought.cryptoAmount,
    exchangeRate: bought.exchangeRate,
    quoteId,
    ledger,
    webhook,
  };
}

/** The Mock Bank's API over fetch. */
class BankApi {
  constructor(private readonly url: string) {}

  get<T>(path: string): Promise<Answer<T>> {
    return this.send<T>('GET', path);
  }

  post<T>(path: string, body: object): Promise<Answer<T>> {
    return this.send<T>('POST', path, body);
  }

  action(path: string, body: object): Promise<Answer<CustomerActionResult>> {
    return this.post<CustomerActionResult>(path, body);
  }

  async customer(id: string): Promise<CustomerOverview> {
    const res = await this.get<CustomerOverview>(`/customers/${id}`);
    expectStatus(`customer ${id}`, res, 200);
    return res.body;
  }

  private async send<T>(method: string, path: string, body?: object): Promise<Answer<T>> {
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : undefined,
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(60000),
      });
    } catch (err) {
      throw new E2eSurprise(`${method} ${path}: no answer from the Mock Bank (${err instanceof Error ? err.message : String(err)})`);
    }
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) as T };
    } catch {
      throw new E2eSurprise(`${method} ${path}: HTTP ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
  }
}

async function waitForWebhook(bank: BankApi, transactionId: string, timeoutMs: number): Promise<ReceivedEventView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await bank.get<ReceivedEventView[]>(`/events?transactionId=${encodeURIComponent(transactionId)}`);
    expectStatus('events', events, 200);
    const completed = events.body.find((e) => e.type === 'trade.completed');
    if (completed) return completed;
    if (Date.now() > deadline) throw new E2eSurprise(`no trade.completed webhook for ${transactionId} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function expectHealthy(url: string, name: string): Promise<void> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  } catch (err) {
    throw new E2eSurprise(`${name} is not healthy at ${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function expectStatus(step: string, answer: Answer<unknown>, want: number): void {
  if (answer.status !== want) throw new E2eSurprise(`${step}: expected HTTP ${want}, got ${answer.status} ${JSON.stringify(answer.body)}`);
}

function expectEqual<T>(what: string, got: T, want: T): void {
  if (got !== want) throw new E2eSurprise(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
}

function money(value: Decimal.Value): string {
  return new Decimal(value).toFixed(2);
}

function walletOf(customer: CustomerOverview, currency: 'AZN' | 'USDT'): string {
  return customer.wallet.find((b) => b.currency === currency)?.balance ?? '0.00';
}

function describeBalances(customer: CustomerOverview): string {
  const wallet = customer.wallet.length
    ? customer.wallet.map((b) => `${b.currency} ${b.balance} (locked ${b.lockedBalance})`).join(', ')
    : 'none yet';
  return `bank account ${customer.bankAccount.balance} AZN | crypto wallet: ${wallet}`;
}

/** The core's answer in one line: its status and the fields a reader looks for. */
function coreSummary(result: CustomerActionResult): string {
  const body = (result.core?.body ?? result) as {
    success?: boolean;
    data?: Record<string, unknown>;
    errorCode?: string;
    message?: string;
    code?: string;
  };
  if (body?.success === false || body?.code) return `${body.errorCode ?? body.code}: ${body.message}`;
  const data = body?.data ?? {};
  const fields = ['status', 'transactionId', 'cryptoAmount', 'exchangeRate', 'amount', 'balance'].filter((k) => data[k] !== undefined);
  return fields.map((k) => `${k} ${String(data[k])}`).join(', ');
}

function actionSummary(action: CustomerActionView): string {
  return `(action ${action.actionId}, idempotency key ${action.idempotencyKey}, ${action.attempts} call${action.attempts === 1 ? '' : 's'})`;
}

/**
 * Step 9: a BUY LIMIT of 10.00 AZN placed through the customer's page (as a customer would, a
 * form post) at 98% of the market price, the Mock Exchange's price moved 5% down across it
 * (POST /admin/price), and the page read until the order shows FILLED; the price is put back.
 */
async function limitOrderStep(
  bankUrl: string,
  customerId: string,
  exchange: { url: string; key: string },
  timeoutMs: number,
  say: (line: string) => void,
): Promise<void> {
  const ticker = (await (await fetch(`${exchange.url}/ticker?symbol=AZNUSDT`)).json()) as { price: string };
  const mid = new Decimal(ticker.price);
  const limit = mid.times(0.98).toDecimalPlaces(4, Decimal.ROUND_DOWN).toFixed(4);
  say(`9. a BUY LIMIT of 10.00 AZN at ${limit} AZN/USDT placed on the customer's page (the market is ${mid.toFixed(4)})`);
  const pagePath = `${bankUrl}/customers/${encodeURIComponent(customerId)}/page`;
  const form = new URLSearchParams({ actionId: randomUUID(), side: 'BUY', type: 'LIMIT', amount: '10.00', price: limit });
  const placed = await fetch(`${pagePath}/orders`, { method: 'POST', body: form, redirect: 'manual' });
  if (placed.status !== 303) throw new E2eSurprise(`place order: expected a 303 back to the page, got ${placed.status}`);
  const rowStatus = async () => {
    const page = await (await fetch(pagePath)).text();
    return /<tr data-order="([0-9a-f-]{36})" data-status="([A-Z]+)">/.exec(page);
  };
  const open = await rowStatus();
  if (open?.[2] !== 'OPEN') throw new E2eSurprise(`the page shows no OPEN order after placing one (${open?.[2] ?? 'none'})`);
  say(`   order ${open[1]} OPEN on the page, 10.00 AZN held`);
  // 5% down: the customer's buy rate (the price plus the bank's spread, under 3%) falls below the limit.
  const moved = mid.times(0.95).toDecimalPlaces(4, Decimal.ROUND_DOWN).toFixed(4);
  const setPrice = (price: string) =>
    fetch(`${exchange.url}/admin/price`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-key': exchange.key },
      body: JSON.stringify({ mid: price }),
    });
  if ((await setPrice(moved)).status !== 200) throw new E2eSurprise('the Mock Exchange refused POST /admin/price');
  say(`   the Mock Exchange's price moved to ${moved} (POST /admin/price): the customer's rate is now below the limit`);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const row = await rowStatus();
      if (row?.[2] === 'FILLED') break;
      if (Date.now() > deadline) throw new E2eSurprise(`the order did not fill within ${timeoutMs} ms (status ${row?.[2] ?? 'none'})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await setPrice(mid.toFixed(4));
  }
  say(`   order ${open[1]} FILLED: its trade ran as a market buy would, the price is back at ${mid.toFixed(4)}`);
}
