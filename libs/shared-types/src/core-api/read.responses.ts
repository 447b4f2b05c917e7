import { ApiProperty } from '@nestjs/swagger';
import { ApiDecimal } from './api-fields';
import { CursorPageResponseDto } from './page.dto';
import { BalancesResponseData, BalanceView, LedgerRowView, TransactionSummary, TransactionView } from './read.dto';

const CURRENCIES = ['AZN', 'USDT'];

export const BALANCES_EXAMPLE = {
  success: true,
  data: {
    bankUserId: 'user_123',
    balances: [
      { currency: 'AZN', balance: '50.00', lockedBalance: '0.00', available: '50.00' },
      { currency: 'USDT', balance: '58.47', lockedBalance: '0.00', available: '58.47' },
    ],
  },
} as const;

const BUY_ID = '3c9e7a52-1f4b-4d8e-9b6a-7c5d4e3f2a10';
const AT = '2026-11-26T10:00:01.250Z';

function ledgerRow(id: string, account: number, accountKind: string, currency: string, amount: string, balanceAfter: string | null) {
  return { id, accountId: `b1f0c9d8-000${account}-4e7f-8a6b-5c4d3e2f1a0${account}`, accountKind, currency, amount, balanceAfter, createdAt: AT };
}

/** The buy of the contract (100.00 AZN for 58.47 USDT at 1.7100) with its four ledger rows. */
export const TRANSACTION_EXAMPLE = {
  success: true,
  data: {
    transactionId: BUY_ID,
    type: 'BUY',
    status: 'COMPLETED',
    bankUserId: 'user_123',
    amountIn: '100.00',
    currencyIn: 'AZN',
    amountOut: '58.47',
    currencyOut: 'USDT',
    feeAmount: '1.49559100',
    exchangeRate: '1.7100',
    errorCode: null,
    createdAt: '2026-11-26T10:00:01.000Z',
    completedAt: AT,
    ledger: [
      ledgerRow('101', 1, 'USER', 'AZN', '-100.00000000', '50.00000000'),
      ledgerRow('102', 2, 'OMNIBUS', 'AZN', '100.00000000', null),
      ledgerRow('103', 3, 'OMNIBUS', 'USDT', '-58.47000000', null),
      ledgerRow('104', 4, 'USER', 'USDT', '58.47000000', '58.47000000'),
    ],
  },
} as const;

export class BalanceViewDto implements BalanceView {
  @ApiProperty({ type: String, enum: CURRENCIES, example: 'AZN' })
  currency!: 'AZN' | 'USDT';

  @ApiDecimal('50.00', 'Everything the user owns in this currency, 2 decimals.')
  balance!: string;

  @ApiDecimal('0.00', 'Held by trades and withdrawals in progress.')
  lockedBalance!: string;

  @ApiDecimal('50.00', 'balance - lockedBalance: what the next trade may spend.')
  available!: string;
}

export class BalancesResponseDataDto implements BalancesResponseData {
  @ApiProperty({ type: String, example: 'user_123' })
  bankUserId!: string;

  @ApiProperty({ type: [BalanceViewDto] })
  balances!: BalanceViewDto[];
}

export class BalancesResponseDto {
  @ApiProperty({ type: Boolean, enum: [true], example: true })
  success!: true;

  @ApiProperty({ type: BalancesResponseDataDto })
  data!: BalancesResponseDataDto;
}

export class LedgerRowViewDto implements LedgerRowView {
  @ApiProperty({ type: String, example: '101' })
  id!: string;

  @ApiProperty({ type: String, example: TRANSACTION_EXAMPLE.data.ledger[0].accountId })
  accountId!: string;

  @ApiProperty({ type: String, enum: ['USER', 'OMNIBUS', 'BANK_SETTLEMENT'], example: 'USER' })
  accountKind!: string;

  @ApiProperty({ type: String, enum: CURRENCIES, example: 'AZN' })
  currency!: 'AZN' | 'USDT';

  @ApiDecimal('-100.00000000', 'Signed, 8 decimals: negative debits the account.')
  amount!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '50.00000000',
    description:
      "The account's balance after this row, 8 decimals: for the customer's accounts and the bank's settlement account; null for the house's omnibus accounts, whose running balance includes other banks' trades.",
  })
  balanceAfter!: string | null;

  @ApiProperty({ type: String, format: 'date-time', example: AT })
  createdAt!: string;
}

export class TransactionSummaryDto implements TransactionSummary {
  @ApiProperty({ type: String, example: BUY_ID })
  transactionId!: string;

  @ApiProperty({ type: String, enum: ['BUY', 'SELL', 'DEPOSIT', 'WITHDRAWAL'], example: 'BUY' })
  type!: 'BUY' | 'SELL' | 'DEPOSIT' | 'WITHDRAWAL';

  @ApiProperty({ type: String, enum: ['PENDING', 'COMPLETED', 'FAILED'], example: 'COMPLETED' })
  status!: 'PENDING' | 'COMPLETED' | 'FAILED';

  @ApiProperty({ type: String, example: 'user_123' })
  bankUserId!: string;

  @ApiDecimal('100.00', 'What the user gave, 2 decimals.')
  amountIn!: string;

  @ApiProperty({ type: String, enum: CURRENCIES, example: 'AZN' })
  currencyIn!: 'AZN' | 'USDT';

  @ApiDecimal('58.47', 'What the user got, 2 decimals.')
  amountOut!: string;

  @ApiProperty({ type: String, enum: CURRENCIES, example: 'USDT' })
  currencyOut!: 'AZN' | 'USDT';

  @ApiDecimal('1.49559100', "The house's spread revenue, 8 decimals.")
  feeAmount!: string;

  @ApiProperty({ type: String, nullable: true, example: '1.7100', description: 'AZN per USDT, 4 decimals; null for deposits and withdrawals.' })
  exchangeRate!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why it FAILED (or is PENDING after an unknown outcome).' })
  errorCode!: string | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-26T10:00:01.000Z' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: AT })
  completedAt!: string | null;
}

export class TransactionViewDto extends TransactionSummaryDto implements TransactionView {
  @ApiProperty({ type: [LedgerRowViewDto], description: 'The postings, in order.' })
  ledger!: LedgerRowViewDto[];
}

export class TransactionResponseDto {
  @ApiProperty({ type: Boolean, enum: [true], example: true })
  success!: true;

  @ApiProperty({ type: TransactionViewDto })
  data!: TransactionViewDto;
}

const SUMMARY_EXAMPLE = Object.fromEntries(Object.entries(TRANSACTION_EXAMPLE.data).filter(([field]) => field !== 'ledger'));

/** A page of GET /api/v1/transactions. */
export const TRANSACTION_LIST_EXAMPLE = {
  success: true,
  data: { items: [SUMMARY_EXAMPLE], nextCursor: 'MjAyNi0xMS0yNlQxMDowMDowMS4wMDBafDNjOWU3YTUyLTFmNGItNGQ4ZS05YjZhLTdjNWQ0ZTNmMmExMA' },
} as const;

export const TransactionListResponseDto = CursorPageResponseDto(TransactionSummaryDto, 'TransactionList');
