import { ValidationError, ValidationPipe } from '@nestjs/common';
import { EXCHANGE_ERROR_CODES, ExchangeErrorCode } from '@app/shared-types';
import { RequestValidationError } from './exchange-errors';

/**
 * Puts a stable error code on a DTO field's rules: `@IsIn([...], errorCode('INVALID_SIDE'))`.
 * A field without one reports INVALID_REQUEST.
 */
export function errorCode(code: ExchangeErrorCode): { context: { code: ExchangeErrorCode } } {
  return { context: { code } };
}

/**
 * The one ValidationPipe: strict DTOs (no unknown fields, no type coercion, so a JSON
 * number is never taken for a decimal string), failures turned into RequestValidationError.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: toRequestValidationError,
  });
}

/**
 * The code comes from the first problem: a missing or unknown field first (the request
 * itself is wrong), then the first field in declaration order. The message lists them all.
 */
export function toRequestValidationError(errors: ValidationError[]): RequestValidationError {
  const problems = errors.flatMap(describe);
  if (problems.length === 0) {
    return new RequestValidationError(EXCHANGE_ERROR_CODES.INVALID_REQUEST, 'The request is invalid');
  }
  const structural = problems.find((p) => p.structural);
  const first = structural ?? problems[0];
  return new RequestValidationError(first.code, problems.map((p) => p.message).join('; '));
}

interface Problem {
  code: ExchangeErrorCode;
  message: string;
  structural: boolean;
}

function describe(error: ValidationError): Problem[] {
  const constraints = error.constraints ?? {};
  if ('isDefined' in constraints) {
    return [{ code: EXCHANGE_ERROR_CODES.INVALID_REQUEST, message: `${error.property} is required`, structural: true }];
  }
  if ('whitelistValidation' in constraints) {
    return [{ code: EXCHANGE_ERROR_CODES.INVALID_REQUEST, message: `${error.property} is not a known field`, structural: true }];
  }
  if ('unknownValue' in constraints) {
    return [{ code: EXCHANGE_ERROR_CODES.INVALID_REQUEST, message: 'The request must be a JSON object', structural: true }];
  }
  const own = Object.entries(constraints).map(([rule, message]) => ({
    code: codeOf(error, rule),
    message,
    structural: false,
  }));
  // One message per field is enough for a human; the first rule that failed says it best.
  return [...own.slice(0, 1), ...(error.children ?? []).flatMap(describe)];
}

function codeOf(error: ValidationError, rule: string): ExchangeErrorCode {
  const context = error.contexts?.[rule] as { code?: ExchangeErrorCode } | undefined;
  return context?.code ?? EXCHANGE_ERROR_CODES.INVALID_REQUEST;
}
