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
