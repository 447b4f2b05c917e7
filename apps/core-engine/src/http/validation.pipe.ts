import { ValidationPipe, ValidationError as ClassValidatorError } from '@nestjs/common';
import { ValidationError } from '../errors';

/**
 * Request bodies are validated against the shared DTOs; unknown fields are refused, and
 * every problem is listed in `details` with one stable errorCode, VALIDATION_ERROR.
 */
export function apiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    exceptionFactory: (errors: ClassValidatorError[]) => {
      const details = flatten(errors);
      return new ValidationError(details[0] ?? 'The request is not valid.', details);
    },
  });
}

function flatten(errors: ClassValidatorError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith('property ') ? `${path}: ${m.replace(/^property \S+ /, '')}` : m,
    );
    return [...own, ...flatten(e.children ?? [], path)];
  });
}
