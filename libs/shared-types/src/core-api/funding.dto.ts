import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ApiAmount, ApiBankUserId } from './api-fields';
import { IsBankUserId, IsMoneyAmount } from './validation';

/** POST /api/v1/funding/deposit */
export class DepositRequestDto {
  @ApiBankUserId()
  @IsBankUserId()
  bankUserId!: string;

  @ApiAmount("AZN the bank moved from the customer's bank account into the wallet.", '100.00')
  @IsMoneyAmount('100.00')
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
  @IsBankUserId()
  bankUserId!: string;

  @ApiAmount("AZN to pay back from the wallet into the customer's bank account.", '100.00')
  @IsMoneyAmount('100.00')
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

/**
 * 202 of a deposit or withdrawal the bank acknowledged whose booking failed: the bank has
 * moved the money, the movement is PENDING and reconciliation books it (no balance yet: the
 * booking is what failed). Replays answer the same until then, then the final 201.
 */
export interface FundingPendingData {
  transactionId: string;
  status: 'PENDING';
  amount: string;
  currency: 'AZN';
}
