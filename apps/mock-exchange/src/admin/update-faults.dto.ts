import { IsBoolean, IsIn, IsInt, IsNumber, Max, Min, ValidateIf } from 'class-validator';
import { FAULT_SCOPES, FaultScope, UpdateExchangeFaultsRequest } from '@app/shared-types';
import { IsDecimalText } from '../decimal';
import { IfPresent } from './defined-if-present.decorator';

/** PUT /admin/faults: any subset of the fault switches. */
export class UpdateFaultsDto implements UpdateExchangeFaultsRequest {
  @IfPresent()
  @IsBoolean()
  down?: boolean;

  @IfPresent()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  errorRate?: number;

  @IfPresent()
  @IsInt()
  @Min(0)
  @Max(600000)
  latencyMs?: number;

  @IfPresent()
  @IsBoolean()
  hang?: boolean;

  @IfPresent()
  @IsBoolean()
  loseResponses?: boolean;

  /** null lifts the limit. */
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @IsDecimalText({ maxDecimals: 8, min: '0', exclusiveMin: true })
  liquidityLimit?: string | null;

  /** null turns it off. */
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @IsDecimalText({ maxDecimals: 8, min: '0', exclusiveMin: true })
  partialFill?: string | null;

  @IfPresent()
  @IsDecimalText({ maxDecimals: 8, min: '-0.5', max: '0.5' })
  priceJump?: string;

  @IfPresent()
  @IsIn(FAULT_SCOPES)
  scope?: FaultScope;
}
