import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsBankUserId } from './validation';

export const TRANSACTION_TYPES = ['BUY', 'SELL', 'DEPOSIT', 'WITHDRAWAL'] as const;
export const TRANSACTION_STATUSES = ['PENDING', 'COMPLETED', 'FAILED'] as const;
export const TRANSACTION_LIST_MAX_LIMIT = 100;
export const TRANSACTION_LIST_DEFAULT_LIMIT = 20;

/**
 * A list's paging (transactions, events): `limit` and the previous page's `nextCursor`. Query
 * values arrive as strings and are checked as such; the document says what a client sends: a
 * whole number with its bounds (a generated client types it `number`, test/openapi/generated-client.spec.ts).
 */
export class PageQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: TRANSACTION_LIST_MAX_LIMIT,
    default: TRANSACTION_LIST_DEFAULT_LIMIT,
    example: TRANSACTION_LIST_DEFAULT_LIMIT,
    description: `Entries per page, 1 to ${TRANSACTION_LIST_MAX_LIMIT} (default ${TRANSACTION_LIST_DEFAULT_LIMIT}).`,
  })
  @IsOptional()
  @Matches(/^(100|[1-9][0-9]?)$/, { message: `limit must be a whole number from 1 to ${TRANSACTION_LIST_MAX_LIMIT}` })
  limit?: string;

  @ApiPropertyOptional({ type: String, description: 'The nextCursor of the previous page, as given.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

/** GET /api/v1/transactions: filters, all optional; query values are strings. */
export class TransactionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: String, example: 'user_123', description: "Only this customer's transactions." })
  @IsOptional()
  @IsBankUserId()
  bankUserId?: string;

  @ApiPropertyOptional({ type: String, enum: TRANSACTION_TYPES, example: 'BUY' })
  @IsOptional()
  @IsIn(TRANSACTION_TYPES, { message: `type must be one of: ${TRANSACTION_TYPES.join(', ')}` })
  type?: (typeof TRANSACTION_TYPES)[number];

  @ApiPropertyOptional({ type: String, enum: TRANSACTION_STATUSES, example: 'COMPLETED' })
  @IsOptional()
  @IsIn(TRANSACTION_STATUSES, { message: `status must be one of: ${TRANSACTION_STATUSES.join(', ')}` })
  status?: (typeof TRANSACTION_STATUSES)[number];

  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2026-11-26T00:00:00.000Z', description: 'Created at or after this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'from must be an ISO 8601 date-time, e.g. 2026-11-26T00:00:00Z' })
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2026-11-27T00:00:00.000Z', description: 'Created before this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'to must be an ISO 8601 date-time, e.g. 2026-11-27T00:00:00Z' })
  to?: string;
}
