import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const BINANCE_ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'msg'],
  properties: { code: { type: 'integer', example: -1121 }, msg: { type: 'string', example: 'Invalid symbol.' } },
};

/** Binance's error answers (errors.md): {"code": -NNNN, "msg"} with Binance's HTTP statuses. */
export const ApiBinanceErrors = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    ApiResponse({
      status: 400,
      description: 'A malformed or refused request: -1013, -1021, -1022, -1102, -1121, -2010, -2013, ...',
      schema: BINANCE_ERROR_SCHEMA,
    }),
    ApiResponse({ status: 401, description: 'A missing or unknown API key: -2014, -2015', schema: BINANCE_ERROR_SCHEMA }),
    ApiResponse({ status: 418, description: 'IP banned (the rateLimit fault); Retry-After in seconds', schema: BINANCE_ERROR_SCHEMA }),
    ApiResponse({ status: 429, description: 'Rate limit (the rateLimit fault); Retry-After in seconds', schema: BINANCE_ERROR_SCHEMA }),
    ApiResponse({ status: 500, description: 'The errorRate fault: -1000; the outcome is unknown', schema: BINANCE_ERROR_SCHEMA }),
    ApiResponse({ status: 503, description: 'The down fault: -1008; the outcome is unknown', schema: BINANCE_ERROR_SCHEMA }),
  );
