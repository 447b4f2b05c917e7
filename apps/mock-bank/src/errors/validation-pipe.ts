import { ValidationError, ValidationPipe } from '@nestjs/common';
import { RequestValidationError } from './bank-errors';

/**
 * The one ValidationPipe: strict DTOs (no unknown fields, no type coercion, so a JSON
 * number is never taken for an amount), failures turned into RequestValidationError.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => new RequestValidationError(describe(errors).join('; ') || 'The request is invalid'),
  });
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => {
    const constraints = e.constraints ?? {};
    if ('whitelistValidation' in constraints) return [`${e.property} is not a known field`];
    if ('unknownValue' in constraints) return ['The request must be a JSON object'];
    // One message per field: the first rule that failed says it best.
    return [...Object.values(constraints).slice(0, 1), ...describe(e.children ?? [])];
  });
}
