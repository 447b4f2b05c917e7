export * from './api-exception.filter';
export * from './validation.pipe';
export * from './idempotency-key.decorator';
