import { ApiProperty } from '@nestjs/swagger';
import { ApiDecimal, QUOTE_ID_EXAMPLE, TRANSACTION_ID_EXAMPLE } from './api-fields';
import { BuyResponseData, QuoteResponseData, SellResponseData, TradeStatus } from './trade.dto';

const TRADE_STATUSES: TradeStatus[] = ['PENDING', 'COMPLETED', 'FAILED'];

/** The contract's buy answer (its transaction id a UUID, as the API gives it): 100.00 AZN at 1.7100 buys 58.47 USDT. */
export const BUY_COMPLETED_EXAMPLE = {
  success: true,
  data: { transactionId: TRANSACTION_ID_EXAMPLE, status: 'COMPLETED', cryptoAmount: '58.47', cryptoCurrency: 'USDT', exchangeRate: '1.7100' },
} as const;

/** The exchange's outcome is unknown: the hold stays, reconciliation settles the trade. */
export const BUY_PENDING_EXAMPLE = {
  success: true,
  data: { ...BUY_COMPLETED_EXAMPLE.data, status: 'PENDING' },
} as const;

/** 50.00 USDT at the sell rate 1.6594 pays 82.97 AZN. */
export const SELL_COMPLETED_EXAMPLE = {
  success: true,
  data: {
    transactionId: '8d2f1c3a-5b6e-4f70-9a81-b2c3d4e5f601',
    status: 'COMPLETED',
    cryptoAmount: '50.00',
    cryptoCurrency: 'USDT',
    fiatAmount: '82.97',
    fiatCurrency: 'AZN',
    exchangeRate: '1.6594',
  },
} as const;

export const SELL_PENDING_EXAMPLE = {
  success: true,
  data: { ...SELL_COMPLETED_EXAMPLE.data, status: 'PENDING' },
} as const;

export const QUOTE_EXAMPLE = {
  success: true,
  data: {
    quoteId: QUOTE_ID_EXAMPLE,
    side: 'BUY',
    exchangeRate: '1.7100',
    amount: '100.00',
    cryptoAmount: '58.47',
    spreadBps: 150,
    expiresAt: '2026-11-26T10:00:15.000Z',
    fiatAmount: '100.00',
    currency: 'AZN',
  },
} as const;

export class BuyResponseDataDto implements BuyResponseData {
  @ApiProperty({ type: String, example: TRANSACTION_ID_EXAMPLE, description: 'The transaction: GET /api/v1/transactions/{id}.' })
  transactionId!: string;

  @ApiProperty({ type: String, enum: TRADE_STATUSES, example: 'COMPLETED' })
  status!: TradeStatus;

  @ApiDecimal('58.47', 'USDT bought, 2 decimals, rounded down.')
  cryptoAmount!: string;

  @ApiProperty({ type: String, enum: ['USDT'], example: 'USDT' })
  cryptoCurrency!: 'USDT';

  @ApiDecimal('1.7100', 'AZN per USDT, the market price plus the bank spread, 4 decimals.')
  exchangeRate!: string;
}

/** {"success":true,"data":...} of a buy: 201 COMPLETED, 202 PENDING. */
export class BuyResponseDto {
  @ApiProperty({ type: Boolean, enum: [true], example: true })
  success!: true;

  @ApiProperty({ type: BuyResponseDataDto })
  data!: BuyResponseDataDto;
}

export class SellResponseDataDto implements SellResponseData {
  @ApiProperty({ type: String, example: SELL_COMPLETED_EXAMPLE.data.transactionId })
  transactionId!: string;

  @ApiProperty({ type: String, enum: TRADE_STATUSES, example: 'COMPLETED' })
  status!: TradeStatus;

  @ApiDecimal('50.00', 'USDT sold, 2 decimals.')
  cryptoAmount!: string;

  @ApiProperty({ type: String, enum: ['USDT'], example: 'USDT' })
  cryptoCurrency!: 'USDT';

  @ApiDecimal('82.97', 'AZN paid to the user, 2 decimals, rounded down.')
  fiatAmount!: string;

  @ApiProperty({ type: String, enum: ['AZN'], example: 'AZN' })
  fiatCurrency!: 'AZN';

  @ApiDecimal('1.6594', 'AZN per USDT, the market price minus the bank spread, 4 decimals.')
  exchangeRate!: string;
}

export class SellResponseDto {
  @ApiProperty({ type: Boolean, enum: [true], example: true })
  success!: true;

  @ApiProperty({ type: SellResponseDataDto })
  data!: SellResponseDataDto;
}

export class QuoteResponseDataDto implements QuoteResponseData {
  @ApiProperty({ type: String, example: QUOTE_ID_EXAMPLE, description: 'Pass it as quoteId to the buy or sell.' })
  quoteId!: string;

  @ApiProperty({ type: String, enum: ['BUY', 'SELL'], example: 'BUY' })
  side!: 'BUY' | 'SELL';

  @ApiDecimal('1.7100', 'AZN per USDT, 4 decimals.')
  exchangeRate!: string;

  @ApiDecimal('100.00', 'The amount asked for, in `currency`.')
  amount!: string;

  @ApiDecimal('58.47', 'USDT bought (BUY) or sold (SELL).')
  cryptoAmount!: string;

  @ApiProperty({ type: 'integer', example: 150, description: "The bank's spread in basis points." })
  spreadBps!: number;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-26T10:00:15.000Z', description: 'The quote is firm until then.' })
  expiresAt!: string;

  @ApiDecimal('100.00', 'The AZN side: paid on a BUY, received on a SELL.')
  fiatAmount!: string;

  @ApiProperty({ type: String, enum: ['AZN', 'USDT'], example: 'AZN' })
  currency!: 'AZN' | 'USDT';
}

export class QuoteResponseDto {
  @ApiProperty({ type: Boolean, enum: [true], example: true })
  success!: true;

  @ApiProperty({ type: QuoteResponseDataDto })
  data!: QuoteResponseDataDto;
}
