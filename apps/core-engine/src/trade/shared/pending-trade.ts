import { Bank, Transaction, TransactionType } from '@app/prisma-client';
import { BankContext } from '../../auth';
import { previousSecretInForce } from '../../bank-gateway/webhook-secrets';
import { Decimal } from '../../money';
import { UserWallet } from '../../wallet';
import { TradeRequest } from './trade-flow.service';
import { TradePlan } from './trade-plan';

/**
 * A PENDING trade read back from its Transaction row, to be finished by someone other than
 * the request that opened it (the reconciler, an operator resolving it): the row records every
 * number of its plan, so what is posted later is exactly what was agreed.
 */
export function pendingTradeRequest(row: Transaction & { bank: Bank }, user: UserWallet): TradeRequest {
  return { bank: bankContext(row.bank), idempotencyKey: row.idempotencyKey, requestHash: row.requestHash, user, plan: planOf(row) };
}

export function bankContext(bank: Bank): BankContext {
  return {
    id: bank.id,
    code: bank.code,
    spreadBps: bank.spreadBps,
    slippageToleranceBps: bank.slippageToleranceBps,
    apiKeyId: '',
    callbackUrl: bank.callbackUrl,
    webhookUrl: bank.webhookUrl,
    webhookSecret: bank.webhookSecret,
    // During a secret rotation the reconciler's re-asks are signed with both, as live requests are.
    previousWebhookSecret: previousSecretInForce(bank, new Date()),
    suspended: bank.suspendedAt !== null,
  };
}

/** The trade as it was opened. */
function planOf(row: Transaction): TradePlan {
  const d = (v: { toString(): string } | null) => new Decimal(v === null ? 0 : v.toString());
  const buy = row.type === TransactionType.BUY;
  return {
    type: buy ? 'BUY' : 'SELL',
    amountIn: d(row.amountIn),
    currencyIn: row.currencyIn,
    amountOut: d(row.amountOut),
    currencyOut: row.currencyOut,
    cryptoAmount: buy ? d(row.amountOut) : d(row.amountIn),
    rate: d(row.exchangeRate),
    marketPrice: d(row.marketPrice),
    spreadBps: row.spreadBps ?? 0,
    quoteId: row.quoteId,
  };
}
