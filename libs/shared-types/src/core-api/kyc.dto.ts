import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

/** KYC levels a bank may give a customer: 0 (not verified) to 3 (fully verified). */
export const KYC_LEVEL_MIN = 0;
export const KYC_LEVEL_MAX = 3;
export const LIMITED_OPERATIONS = ['BUY', 'SELL', 'DEPOSIT', 'WITHDRAWAL'] as const;
export type LimitedOperation = (typeof LIMITED_OPERATIONS)[number];

/** PUT /api/v1/users/{bankUserId}/kyc */
export class KycRequestDto {
  @ApiProperty({
    type: Number,
    minimum: KYC_LEVEL_MIN,
    maximum: KYC_LEVEL_MAX,
    example: 2,
    description: `The customer's KYC level, a whole number from ${KYC_LEVEL_MIN} to ${KYC_LEVEL_MAX}; it selects the bank's limits for that level.`,
  })
  @IsInt({ message: `level must be a whole number from ${KYC_LEVEL_MIN} to ${KYC_LEVEL_MAX}` })
  @Min(KYC_LEVEL_MIN, { message: `level must be a whole number from ${KYC_LEVEL_MIN} to ${KYC_LEVEL_MAX}` })
  @Max(KYC_LEVEL_MAX, { message: `level must be a whole number from ${KYC_LEVEL_MIN} to ${KYC_LEVEL_MAX}` })
  level!: number;
}

/** One operation's limits in AZN at a level; null: no limit of that kind. */
export interface OperationLimitView {
  operation: LimitedOperation;
  perOperation: string | null;
  per24Hours: string | null;
}

export interface KycResponseData {
  bankUserId: string;
  level: number;
  limits: OperationLimitView[];
}

export const KYC_EXAMPLE = {
  success: true,
  data: {
    bankUserId: 'user_123',
    level: 2,
    limits: [
      { operation: 'BUY', perOperation: '10000.00', per24Hours: '20000.00' },
      { operation: 'SELL', perOperation: '10000.00', per24Hours: '20000.00' },
      { operation: 'DEPOSIT', perOperation: '20000.00', per24Hours: '50000.00' },
      { operation: 'WITHDRAWAL', perOperation: '20000.00', per24Hours: '50000.00' },
    ],
  },
} as const;

export class OperationLimitViewDto implements OperationLimitView {
  @ApiProperty({ type: String, enum: LIMITED_OPERATIONS, example: 'BUY' })
  operation!: LimitedOperation;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '10000.00',
    description: 'AZN, 2 decimals: the most one operation may move; null: no such limit.',
  })
  perOperation!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '20000.00',
    description: 'AZN, 2 decimals: the most all such operations of the customer may move in any 24 hours (PENDING ones count); null: no such limit.',
  })
  per24Hours!: string | null;
}

export class KycResponseDataDto implements KycResponseData {
  @ApiProperty({ type: String, example: 'user_123' })
  bankUserId!: string;

  @ApiProperty({ type: Number, example: 2 })
  level!: number;

  @ApiProperty({
    type: [OperationLimitViewDto],
    description: "The bank's limits for this level; an operation not listed has none beyond the per-operation maximum of the API.",
  })
  limits!: OperationLimitViewDto[];
}

export class KycResponseDto {
  @ApiProperty({ type: Boolean, enum: [true], example: true })
  success!: true;

  @ApiProperty({ type: KycResponseDataDto })
  data!: KycResponseDataDto;
}
