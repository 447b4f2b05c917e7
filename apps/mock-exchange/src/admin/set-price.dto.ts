import { IsInt, Max, Min } from 'class-validator';
import { SetExchangePriceRequest } from '@app/shared-types';
import { IsDecimalText } from '../decimal';
import { IfPresent } from './defined-if-present.decorator';

/** POST /admin/price: restarts the walk; settings left out keep their value. */
export class SetPriceDto implements SetExchangePriceRequest {
  @IfPresent()
  @IsDecimalText({ maxDecimals: 4, min: '0', exclusiveMin: true, max: '1000000' })
  mid?: string;

  @IfPresent()
  @IsInt()
  @Min(0)
  @Max(4294967295)
  seed?: number;

  @IfPresent()
  @IsDecimalText({ maxDecimals: 8, min: '0', max: '0.1' })
  volatility?: string;

  @IfPresent()
  @IsDecimalText({ maxDecimals: 8, min: '0', max: '0.5' })
  band?: string;
}
