import { IsDefined, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { MONEY_2DP_PATTERN, QuoteActionRequest, TradeActionRequest, UUID_PATTERN, WalletActionRequest } from '@app/shared-types';

/** POST /customers/:id/deposits and /withdrawals (AZN). */
export class WalletActionDto implements WalletActionRequest {
  @IsDefined()
  @Matches(MONEY_2DP_PATTERN, { message: 'amount must be a decimal string with at most 2 decimals, e.g. "100.00"' })
  amount!: string;

  /** Sent again to retry the same action (same idempotency key at the core). */
  @IsOptional()
  @Matches(UUID_PATTERN, { message: 'actionId must be a UUID' })
  actionId?: string;
}

/** POST /customers/:id/quotes */
export class QuoteActionDto extends WalletActionDto implements QuoteActionRequest {
  @IsOptional()
  @IsIn(['BUY', 'SELL'], { message: 'side must be BUY or SELL' })
  side?: 'BUY' | 'SELL';
}

/** POST /customers/:id/buys and /sells */
export class TradeActionDto extends WalletActionDto implements TradeActionRequest {
  @IsOptional()
  @IsString()
  @Length(1, 64)
  quoteId?: string;
}
