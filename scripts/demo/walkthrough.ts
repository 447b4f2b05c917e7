import { randomUUID } from 'node:crypto';

/**
 * What the demo shows, against running services: a customer's deposit, a buy, its replay,
 * a buy above the balance, and the balances and ledger rows before and after. Every step
 * checks its answer and throws on any surprise.
 */
export async function walkthrough(coreUrl: string, apiKey: string, say: (line: string) => void): Promise<void> {
  const customer = `demo_customer_${Date.now()}`;
  const call = async (method: string, path: string, body?: object, key?: string) => {
    const res = await fetch(`${coreUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-api-key': apiKey,
        ...(key ? { 'x-idempotency-key': key } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const expectStatus = (step: string, got: { status: number; body: unknown }, want: number) => {
    if (got.status !== want) throw new Error(`${step}: expected HTTP ${want}, got ${got.status} ${JSON.stringify(got.body)}`);
  };
  const balances = async () => {
    const res = await call('GET', `/api/v1/users/${customer}/balances`);
    expectStatus('balances', res, 200);
    return (res.body.data.balances as { currency: string; balance: string; lockedBalance: string; available: string }[])
      .map((b) => `${b.currency} ${b.balance} (locked ${b.lockedBalance}, available ${b.available})`)
      .join('; ');
  };

  say(`1. deposit 150.00 AZN for ${customer}`);
  const deposit = await call('POST', '/api/v1/funding/deposit', { bankUserId: customer, amount: '150.00', currency: 'AZN' }, randomUUID());
  expectStatus('deposit', deposit, 201);
  say(`   balances before: ${await balances()}`);

  const buyKey = randomUUID();
  const buyBody = { bankUserId: customer, amount: '100.00', currency: 'AZN' };
  say('2. buy USDT for 100.00 AZN');
  const buy = await call('POST', '/api/v1/trade/buy', buyBody, buyKey);
  expectStatus('buy', buy, 201);
  say(`   201 ${JSON.stringify(buy.body)}`);
  if (buy.body.data.status !== 'COMPLETED') throw new Error(`buy: status ${buy.body.data.status}`);

  say('3. the same request again, same idempotency key: the stored answer, no second trade');
  const replay = await call('POST', '/api/v1/trade/buy', buyBody, buyKey);
  expectStatus('replay', replay, 201);
  if (JSON.stringify(replay.body) !== JSON.stringify(buy.body)) throw new Error('replay: a different answer');
  say(`   ${replay.status} same transactionId ${replay.body.data.transactionId}`);

  say('4. buy for 500.00 AZN, above the balance');
  const tooMuch = await call('POST', '/api/v1/trade/buy', { ...buyBody, amount: '500.00' }, randomUUID());
  expectStatus('insufficient funds', tooMuch, 422);
  if (tooMuch.body.errorCode !== 'INSUFFICIENT_FUNDS') throw new Error(`insufficient funds: ${JSON.stringify(tooMuch.body)}`);
  say(`   ${tooMuch.status} ${JSON.stringify(tooMuch.body)}`);

  say(`5. balances after: ${await balances()}`);
  const tx = await call('GET', `/api/v1/transactions/${buy.body.data.transactionId}`);
  expectStatus('transaction', tx, 200);
  const rows = tx.body.data.ledger as { accountKind: string; currency: string; amount: string; balanceAfter: string }[];
  if (rows.length !== 4) throw new Error(`the buy has ${rows.length} ledger rows, not 4`);
  say(`   the buy's ledger rows (spread revenue ${tx.body.data.feeAmount} AZN):`);
  rows.forEach((r, i) =>
    say(`   ${i + 1}. ${r.accountKind.padEnd(8)} ${r.currency.padEnd(4)} ${r.amount.padStart(16)}  balance after ${r.balanceAfter}`),
  );
}
