import {
  CheckResult,
  EXCHANGE_FILLS_CHECK,
  EXCHANGE_NO_FILL_FOR_FAILED_CHECK,
  ExchangeOrder,
  exchangeFillMismatch,
  RecordedTrade,
} from '../../apps/core-engine/src/ledger/ledger-invariants';

/** The exchange could not be asked (unreachable, 5xx after retries): nothing can be concluded. */
export class ExchangeUnavailableError extends Error {}

const PARALLEL = 8;
const ATTEMPTS = 3;
const TIMEOUT_MS = 5000;

/**
 * Asks the exchange, GET /order/<transactionId> (the trade's client order id), for every
 * completed and failed trade and compares its record with the ledger's: two checks, one per status.
 */
export async function checkExchangeFills(trades: RecordedTrade[], exchangeUrl: string, rowLimit: number): Promise<CheckResult[]> {
  const offending: (Record<string, unknown> & { status: RecordedTrade['status'] })[] = [];
  let next = 0;
  const worker = async () => {
    while (next < trades.length) {
      const trade = trades[next++];
      const order = await findOrder(exchangeUrl, trade.id);
      const reason = exchangeFillMismatch(trade, order);
      if (reason) {
        offending.push({
          status: trade.status,
          id: trade.id,
          type: trade.type,
          exchange_order_id: trade.exchangeOrderId,
          exchange_status: order ? String(order.status) : null,
          executed_qty: order ? String(order.executedQty) : null,
          reason,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, trades.length) }, worker));
  offending.sort((a, b) => String(a.id).localeCompare(String(b.id)));
  return [EXCHANGE_FILLS_CHECK, EXCHANGE_NO_FILL_FOR_FAILED_CHECK].map((check, i) => {
    const rows = offending.filter((row) => row.status === (i === 0 ? 'COMPLETED' : 'FAILED')).map(({ status: _status, ...row }) => row);
    return { ...check, check: check.name, count: rows.length, rows: rows.slice(0, rowLimit) };
  });
}

async function findOrder(exchangeUrl: string, clientOrderId: string): Promise<ExchangeOrder | null> {
  const url = new URL(`order/${encodeURIComponent(clientOrderId)}`, exchangeUrl.endsWith('/') ? exchangeUrl : `${exchangeUrl}/`);
  let failure = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (res.status === 404) return null;
      if (res.ok) return (await res.json()) as ExchangeOrder;
      failure = `HTTP ${res.status}`;
      if (res.status < 500) break;
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      failure = cause ?? (err instanceof Error ? err.message : String(err));
    }
    await new Promise((r) => setTimeout(r, 200 * attempt));
  }
  throw new ExchangeUnavailableError(`the exchange at ${exchangeUrl} did not answer GET /order/${clientOrderId}: ${failure}`);
}
