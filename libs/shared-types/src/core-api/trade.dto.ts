import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { BANK_USER_ID_PATTERN, MONEY_2DP_PATTERN } from './validation';

/** POST /api/v1/trade/buy */
export class BuyRequestDto {
  @IsString()
  @Matches(BANK_USER_ID_PATTERN, { message: 'bankUserId must be 1-64 letters, digits or _ . : -' })
  bankUserId!: string;

  @IsOptional()
  @IsString()
  @Length(1, 64)
  quoteId?: string;

  @IsString()
  @Matches(MONEY_2DP_PATTERN, { message: 'amount must be a decimal string with at most 2 decimals, e.g. "100.00"' })
  amount!: string;

  @IsIn(['AZN'], { message: 'currency must be AZN' })
  currency!: 'AZN';
}

export type TradeStatus = 'PENDING' | 'COMPLETED' | 'FAILED';

/** data of a buy answer */
export interface BuyResponseData {
  transactionId: string;
  status: TradeStatus;
  cryptoAmount: string;
  cryptoCurrency: 'USDT';
  exchangeRate: string;
}
