import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumberString,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { TransactionType } from '@app/prisma-client';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** Absent: left as it is. Present: validated, and null refused (only a URL may be cleared with null). */
const IfPresent = () => ValidateIf((_: object, value: unknown) => value !== undefined);

/** The settings a bank is created with and an operator may change; null clears a URL. */
class BankTermsDto {
  @IfPresent()
  @IsInt()
  @Min(0)
  @Max(5000)
  spreadBps?: number;

  @IfPresent()
  @IsInt()
  @Min(0)
  @Max(5000)
  slippageToleranceBps?: number;

  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(500)
  callbackUrl?: string | null;

  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(500)
  webhookUrl?: string | null;
}

/** PATCH /admin/v1/banks/{code} */
export class BankSettingsDto extends BankTermsDto {
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;
}

/** POST /admin/v1/banks */
export class CreateBankDto extends BankTermsDto {
  /** The bank's short name in URLs, logs and statements: lower case, digits, - and _. */
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{1,62}$/, { message: 'code must be 2-63 characters: a-z, 0-9, - and _' })
  code!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}

export class CreateKeyDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  label?: string;
}

export class RotateSecretDto {
  /** How long the old secret keeps signing beside the new one (default 24 h, at most 30 days). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30 * 24 * 3600)
  overlapSeconds?: number;
}

/** A list's page size (1-500). */
export class DeadEventsQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** GET /admin/v1/orders/open: one bank's (by code), or every bank's. */
export class OpenOrdersQueryDto extends DeadEventsQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  bank?: string;
}

export class AuditQueryDto extends DeadEventsQueryDto {
  @IsOptional()
  @IsIn(['bank', 'api_key', 'operator_key', 'event', 'trade', 'funding'])
  targetType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  targetId?: string;

  @IsOptional()
  @IsNumberString({ no_symbols: true })
  @MaxLength(19)
  beforeId?: string;
}

/** Why a trade is resolved so (kept with the resolution and in the audit trail). */
class TradeNoteDto {
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  note!: string;
}

/** POST /admin/v1/funding/{id}/post and /void: what the bank confirmed (kept with the resolution and in the audit trail). */
export class ResolveFundingDto {
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  note!: string;
}

/**
 * POST /admin/v1/trades/{id}/void: why. The void asks the exchange first and is refused while
 * it reports the order executed (ORDER_EXECUTED) or cannot say (ORDER_STATE_UNKNOWN); `force`
 * with a `reason` overrides that, the reason kept in the audit entry.
 */
export class VoidTradeDto extends TradeNoteDto {
  @IfPresent()
  @IsBoolean()
  force?: boolean;

  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason?: string;
}

/**
 * POST /admin/v1/trades/{id}/post: the exchange's order id, price (AZN per USDT) and executed
 * quantity (USDT) as the exchange reports them, and why. The numbers' form (positive, at most
 * 8 decimals) is the use case's rule: INVALID_RESOLUTION, as for `npm run admin -- trades:post`.
 */
export class PostTradeDto extends TradeNoteDto {
  @IsString()
  @MaxLength(100)
  exchangeOrderId!: string;

  @IsString()
  @MaxLength(40)
  executedPrice!: string;

  @IsString()
  @MaxLength(40)
  executedQty!: string;
}

const DAY_MESSAGE = { message: '$property must be a date YYYY-MM-DD (UTC)' };

export class RevenueQueryDto {
  @Matches(/^\d{4}-\d{2}-\d{2}$/, DAY_MESSAGE)
  from!: string;

  @Matches(/^\d{4}-\d{2}-\d{2}$/, DAY_MESSAGE)
  to!: string;
}

export class StatementQueryDto {
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/**
 * A limit in AZN: a plain decimal string with at most 2 decimals (the AZN minor unit) and at
 * most 12 whole digits, which Decimal(20,8) holds. Zero is a limit: the operation is not
 * allowed at that level. No sign, exponent or spaces: "1e3", "-1" and "1.001" are refused.
 */
const LIMIT_AMOUNT = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/;

/** Required: a string sets the limit, null removes that kind of limit. */
const IsLimitAmount = () =>
  applyDecorators(
    ValidateIf((_: object, value: unknown) => value !== null),
    IsString({ message: '$property must be a decimal string in AZN, e.g. "5000.00", or null' }),
    Matches(LIMIT_AMOUNT, {
      message: '$property must be an amount in AZN with at most 2 decimals, e.g. "5000.00" ("0.00": not allowed at this level), or null',
    }),
  );

const LEVEL_MESSAGE = { message: 'level must be a KYC level: 0, 1, 2 or 3' };

/** The path of PUT /admin/v1/banks/{code}/limits/{level}/{operation} (and the flags of limits:set). */
export class LimitPathDto {
  @IsString()
  code!: string;

  /** A path segment or a flag is a string: plain digits become the number, anything else stays a string for IsInt to refuse. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^[0-9]{1,9}$/.test(value) ? Number(value) : value))
  @IsInt(LEVEL_MESSAGE)
  @Min(0, LEVEL_MESSAGE)
  @Max(3, LEVEL_MESSAGE)
  level!: number;

  @IsIn(Object.values(TransactionType), { message: `operation must be one of ${Object.values(TransactionType).join(', ')}` })
  operation!: TransactionType;
}

/** PUT /admin/v1/banks/{code}/limits/{level}/{operation}: perOperation may not be more than per24Hours when both are set. */
export class SetLimitDto {
  @IsLimitAmount()
  perOperation!: string | null;

  @IsLimitAmount()
  per24Hours!: string | null;
}
