import { ArgumentMetadata, Injectable, ValidationPipe, ValidationError as ClassValidatorError } from '@nestjs/common';
import { ValidationError } from '../errors';

/**
 * Request bodies are validated against the shared DTOs; unknown fields are refused, and
 * every problem is listed in `details` with one stable errorCode, VALIDATION_ERROR.
 */
export function apiValidationPipe(): ValidationPipe {
  return new StrictBodyValidationPipe({
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
    const own = Object.values(e.constraints ?? {}).map((m) => (m.startsWith('property ') ? `${path}: ${m.replace(/^property \S+ /, '')}` : m));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/**
 * Keys no DTO has but the standard pipe would not refuse: Nest strips `__proto__`,
 * `prototype` and `constructor` before validating, and class-transformer skips names that
 * are functions on every object (toString, valueOf...), so `forbidNonWhitelisted` never saw
 * them and the request went through as if they were absent. Refused here like any unknown field.
 */
const UNSEEN_KEYS = new Set(['__proto__', 'prototype', 'constructor', ...Object.getOwnPropertyNames(Object.prototype)]);

@Injectable()
class StrictBodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const unseen = Object.keys(value).filter((k) => UNSEEN_KEYS.has(k));
      if (unseen.length) {
        const details = unseen.map((k) => `property ${k} should not exist`);
        throw new ValidationError(details[0], details);
      }
    }
    return super.transform(value, metadata);
  }
}
