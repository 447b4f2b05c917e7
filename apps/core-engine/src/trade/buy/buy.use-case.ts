import { Injectable } from '@nestjs/common';
import { BuyRequestDto } from '@app/shared-types';
import { BankContext } from '../../auth';
import { CoreConfig } from '../../config';
import { ApiResult, UserNotFoundError } from '../../errors';
import { ExchangeClient } from '../../exchange';
import { IdempotencyService } from '../../idempotency';
import { Decimal } from '../../money';
import { UserWallet, WalletService } from '../../wallet';
import { QuoteService } from '../quote/quote.service';
import { checkAmount } from '../shared/amount-limits';
import { buyPlan } from '../shared/plans';
import { TradeFlow } from '../shared/trade-flow.service';
import { TradePlan } from '../shared/trade-plan';

/**
 * Buy USDT with AZN: check the request, price it (at the market plus the bank's spread, or
 * as quoted), then run the three-phase trade flow (TradeFlow; docs/buy-flow.md).
 */
@Injectable()
export class BuyUseCase {
  private readonly tickerMaxAgeMs: number;
  private readonly maxAmount: Decimal;

  constructor(
    private readonly wallet: WalletService,
    private readonly exchange: ExchangeClient,
    private readonly idempotency: IdempotencyService,
    private readonly quotes: QuoteService,
    private readonly flow: TradeFlow,
    config: CoreConfig,
  ) {
    this.tickerMaxAgeMs = config.TICKER_MAX_AGE_MS;
    this.maxAmount = new Decimal(config.MAX_OPERATION_AMOUNT_AZN);
  }

  async execute(bank: BankContext, idempotencyKey: string, request: BuyRequestDto): Promise<ApiResult> {
    const requestHash = this.idempotency.fingerprint('trade/buy', request);
    return this.flow.start(bank, idempotencyKey, requestHash, () => this.prepare(bank, request));
  }

  /** The user and the priced plan, or why the request is refused before anything is written. */
  private async prepare(bank: BankContext, request: BuyRequestDto): Promise<{ user: UserWallet; plan: TradePlan }> {
    const amount = new Decimal(request.amount);
    checkAmount(amount, this.maxAmount, 'AZN');
    const user = await this.wallet.findUser(bank.id, request.bankUserId);
    if (!user) throw new UserNotFoundError();

    const plan = request.quoteId
      ? await this.quotes.planFor(bank, user, request.quoteId, 'BUY', amount)
      : buyPlan(amount, (await this.exchange.ticker(this.tickerMaxAgeMs, 'BUY')).price, bank.spreadBps);
    return { user, plan };
  }
}
