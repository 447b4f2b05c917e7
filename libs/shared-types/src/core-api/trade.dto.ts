import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ApiAmount, ApiBankUserId, ApiQuoteId } from './api-fields';
import { IsBankUserId, IsMoneyAmount } from './validation';

/** POST /api/v1/trade/buy */
export class BuyRequestDto {
  @ApiBankUserId()
  @IsBankUserId()
  bankUserId!: string;

  @ApiQuoteId()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  quoteId?: string;

  @ApiAmount('AZN to pay.', '100.00')
  @IsMoneyAmount('100.00')
  amount!: string;

  @ApiProperty({ type: String, enum: ['AZN'], example: 'AZN' })
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
  @ApiBankUserId()
  @IsBankUserId()
  bankUserId!: string;

  @ApiQuoteId()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  quoteId?: string;

  @ApiAmount('USDT to sell.', '50.00')
  @IsMoneyAmount('50.00')
  amount!: string;

  @ApiProperty({ type: String, enum: ['USDT'], example: 'USDT' })
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
  @ApiBankUserId()
  @IsBankUserId()
  bankUserId!: string;

  @ApiProperty({ type: String, enum: ['BUY', 'SELL'], example: 'BUY' })
  @IsIn(['BUY', 'SELL'], { message: 'side must be BUY or SELL' })
  side!: 'BUY' | 'SELL';

  @ApiAmount('AZN to pay on a BUY, USDT to sell on a SELL.', '100.00')
  @IsMoneyAmount()
  amount!: string;

  /** AZN for a BUY (what the user pays), USDT for a SELL (what the user sells). */
  @ApiProperty({ type: String, enum: ['AZN', 'USDT'], example: 'AZN', description: 'AZN for a BUY, USDT for a SELL.' })
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
