import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { ApiAmount, ApiBankUserId } from './api-fields';
import { BANK_USER_ID_PATTERN, MONEY_2DP_PATTERN } from './validation';

/** POST /api/v1/funding/deposit */
export class DepositRequestDto {
  @ApiBankUserId()
  @IsString()
  @Matches(BANK_USER_ID_PATTERN, { message: 'bankUserId must be 1-64 letters, digits or _ . : -' })
  bankUserId!: string;

  @ApiAmount("AZN the bank moved from the customer's bank account into the wallet.", '100.00')
  @IsString()
  @Matches(MONEY_2DP_PATTERN, { message: 'amount must be a decimal string with at most 2 decimals, e.g. "100.00"' })
  amount!: string;

  @ApiProperty({ type: String, enum: ['AZN'], example: 'AZN' })
  @IsIn(['AZN'], { message: 'currency must be AZN' })
  currency!: 'AZN';
}

export interface DepositResponseData {
  transactionId: string;
  status: 'COMPLETED';
  amount: string;
  currency: 'AZN';
  balance: string;
}

/** POST /api/v1/funding/withdraw: AZN back to the customer's bank account. */
export class WithdrawRequestDto {
  @ApiBankUserId()
  @IsString()
  @Matches(BANK_USER_ID_PATTERN, { message: 'bankUserId must be 1-64 letters, digits or _ . : -' })
  bankUserId!: string;

  @ApiAmount("AZN to pay back from the wallet into the customer's bank account.", '100.00')
  @IsString()
  @Matches(MONEY_2DP_PATTERN, { message: 'amount must be a decimal string with at most 2 decimals, e.g. "100.00"' })
  amount!: string;

  @ApiProperty({ type: String, enum: ['AZN'], example: 'AZN' })
  @IsIn(['AZN'], { message: 'currency must be AZN' })
  currency!: 'AZN';
}

export interface WithdrawResponseData {
  transactionId: string;
  status: 'COMPLETED';
  amount: string;
  currency: 'AZN';
  balance: string;
}
