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

/** POST /api/v1/trade/sell */
export class SellRequestDto {
  @IsString()
  @Matches(BANK_USER_ID_PATTERN, { message: 'bankUserId must be 1-64 letters, digits or _ . : -' })
  bankUserId!: string;

  @IsOptional()
  @IsString()
  @Length(1, 64)
  quoteId?: string;

  @IsString()
  @Matches(MONEY_2DP_PATTERN, { message: 'amount must be a decimal string with at most 2 decimals, e.g. "50.00"' })
  amount!: string;

  @IsIn(['USDT'], { message: 'currency must be USDT' })
  currency!: 'USDT';
}

/** data of a sell answer */
export interface SellResponseData {
  transactionId: string;
  status: TradeStatus;
  cryptoAmount: string;
  cryptoCurrency: 'USDT';
  fiatAmount: string;
  fiatCurrency: 'AZN';
  exchangeRate: string;
}

/** POST /api/v1/trade/quote */
export class QuoteRequestDto {
  @IsString()
  @Matches(BANK_USER_ID_PATTERN, { message: 'bankUserId must be 1-64 letters, digits or _ . : -' })
  bankUserId!: string;

  @IsIn(['BUY', 'SELL'], { message: 'side must be BUY or SELL' })
  side!: 'BUY' | 'SELL';

  @IsString()
  @Matches(MONEY_2DP_PATTERN, { message: 'amount must be a decimal string with at most 2 decimals' })
  amount!: string;

  /** AZN for a BUY (what the user pays), USDT for a SELL (what the user sells). */
  @IsIn(['AZN', 'USDT'], { message: 'currency must be AZN or USDT' })
  currency!: 'AZN' | 'USDT';
}

export interface QuoteResponseData {
  quoteId: string;
  side: 'BUY' | 'SELL';
  exchangeRate: string;
  amount: string;
  cryptoAmount: string;
  spreadBps: number;
  /** ISO-8601 */
  expiresAt: string;
  /** Addition: the AZN side of the quote (paid on a BUY, received on a SELL). */
  fiatAmount: string;
  currency: 'AZN' | 'USDT';
}
