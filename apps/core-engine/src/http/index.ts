export * from './api-exception.filter';
export * from './validation.pipe';
export * from './idempotency-key.decorator';
export * from './rate-limit.guard';
export * from './rate-limit-storage';
export * from './send-result';
export * from './error-code';
export * from './graceful-shutdown';
