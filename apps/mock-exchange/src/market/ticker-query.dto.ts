import { IsDefined, IsIn } from 'class-validator';
import { EXCHANGE_ERROR_CODES } from '@app/shared-types';
import { errorCode } from '../errors';
import { LISTED_SYMBOLS } from './listed-symbols';

/** GET /ticker?symbol=AZNUSDT */
export class TickerQueryDto {
  @IsDefined()
  @IsIn(LISTED_SYMBOLS, {
    ...errorCode(EXCHANGE_ERROR_CODES.UNKNOWN_SYMBOL),
    message: `symbol must be one of: ${LISTED_SYMBOLS.join(', ')}`,
  })
  symbol!: string;
}
