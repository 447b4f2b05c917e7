import { ApiProperty } from '@nestjs/swagger';
import { ApiDecimal } from './api-fields';
import { DepositResponseData, FundingPendingData, WithdrawResponseData } from './funding.dto';

export const DEPOSIT_COMPLETED_EXAMPLE = {
  success: true,
  data: { transactionId: '0f3c2b1a-9d8e-4c7b-a6f5-e4d3c2b1a090', status: 'COMPLETED', amount: '100.00', currency: 'AZN', balance: '100.00' },
} as const;

export const WITHDRAW_COMPLETED_EXAMPLE = {
  success: true,
  data: { transactionId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', status: 'COMPLETED', amount: '100.00', currency: 'AZN', balance: '0.00' },
} as const;

export const FUNDING_PENDING_EXAMPLE = {
  success: true,
  data: { transactionId: '0f3c2b1a-9d8e-4c7b-a6f5-e4d3c2b1a090', status: 'PENDING', amount: '100.00', currency: 'AZN' },
} as const;

/** data of a completed deposit or withdrawal. */
export class FundingResponseDataDto implements DepositResponseData, WithdrawResponseData {
  @ApiProperty({ type: String, example: DEPOSIT_COMPLETED_EXAMPLE.data.transactionId, description: 'Also the reference the bank acknowledged.' })
  transactionId!: string;

  @ApiProperty({ type: String, enum: ['COMPLETED'], example: 'COMPLETED' })
  status!: 'COMPLETED';

  @ApiDecimal('100.00', 'The amount moved, 2 decimals.')
  amount!: string;

  @ApiProperty({ type: String, enum: ['AZN'], example: 'AZN' })
  currency!: 'AZN';

  @ApiDecimal('100.00', "The user's AZN balance after the movement, 2 decimals.")
  balance!: string;
}

/** {"success":true,"data":...} of POST /api/v1/funding/deposit and /withdraw. */
export class FundingResponseDto {
  @ApiProperty({ type: Boolean, enum: [true], example: true })
  success!: true;

  @ApiProperty({ type: FundingResponseDataDto })
  data!: FundingResponseDataDto;
}

/** data of a deposit or withdrawal the bank acknowledged and that is not booked yet (202). */
export class FundingPendingDataDto implements FundingPendingData {
  @ApiProperty({ type: String, example: FUNDING_PENDING_EXAMPLE.data.transactionId, description: 'Also the reference the bank acknowledged.' })
  transactionId!: string;

  @ApiProperty({ type: String, enum: ['PENDING'], example: 'PENDING' })
  status!: 'PENDING';

  @ApiDecimal('100.00', 'The amount moved, 2 decimals.')
  amount!: string;

  @ApiProperty({ type: String, enum: ['AZN'], example: 'AZN' })
  currency!: 'AZN';
}

/** {"success":true,"data":...} of a 202 deposit or withdrawal: acknowledged by the bank, booked by reconciliation. */
export class FundingPendingResponseDto {
  @ApiProperty({ type: Boolean, enum: [true], example: true })
  success!: true;

  @ApiProperty({ type: FundingPendingDataDto })
  data!: FundingPendingDataDto;
}
