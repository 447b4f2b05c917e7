import { Injectable } from '@nestjs/common';
import { SellRequestDto } from '@app/shared-types';
import { BankContext } from '../../auth';
import { CoreConfig } from '../../config';
import { AmountTooLargeError, ApiResult, UserNotFoundError } from '../../errors';
import { ExchangeClient } from '../../exchange';
import { IdempotencyService } from '../../idempotency';
import { Decimal } from '../../money';
import { UserWallet, WalletService } from '../../wallet';
import { QuoteService } from '../quote/quote.service';
import { checkAmount } from '../shared/amount-limits';
import { sellPlan } from '../shared/plans';
import { TradeFlow } from '../shared/trade-flow.service';
import { TradePlan } from '../shared/trade-plan';

/**
 * Sell USDT for AZN, the mirror of the buy: priced at the market minus the bank's spread
 * (or as quoted), the USDT held, the exchange order a SELL, and the four rows user USDT
 * debit, omnibus USDT credit, omnibus AZN debit, user AZN credit.
 */
@Injectable()
export class SellUseCase {
  private readonly tickerMaxAgeMs: number;
  private readonly maxAzn: Decimal;

  constructor(
    private readonly wallet: WalletService,
    private readonly exchange: ExchangeClient,
    private readonly idempotency: IdempotencyService,
    private readonly quotes: QuoteService,
    private readonly flow: TradeFlow,
    config: CoreConfig,
  ) {
    this.tickerMaxAgeMs = config.TICKER_MAX_AGE_MS;
    this.maxAzn = new Decimal(config.MAX_OPERATION_AMOUNT_AZN);
  }

  async execute(bank: BankContext, idempotencyKey: string, request: SellRequestDto): Promise<ApiResult> {
    const requestHash = this.idempotency.fingerprint('trade/sell', request);
    return this.flow.start(bank, idempotencyKey, requestHash, () => this.prepare(bank, request));
  }

  /** The user and the priced plan, or why the request is refused before anything is written. */
  private async prepare(bank: BankContext, request: SellRequestDto): Promise<{ user: UserWallet; plan: TradePlan }> {
    const amount = new Decimal(request.amount);
    checkAmount(amount, new Decimal(Infinity), 'USDT');
    const user = await this.wallet.findUser(bank.id, request.bankUserId);
    if (!user) throw new UserNotFoundError();

    const plan = request.quoteId
      ? await this.quotes.planFor(bank, user, request.quoteId, 'SELL', amount)
      : sellPlan(amount, (await this.exchange.ticker(this.tickerMaxAgeMs, 'SELL')).price, bank.spreadBps);
    if (plan.amountOut.gt(this.maxAzn)) throw new AmountTooLargeError(this.maxAzn.toFixed(2), 'AZN');
    return { user, plan };
  }
}
