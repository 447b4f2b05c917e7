export * from './domain-error';
export * from './request.errors';
export * from './idempotency.errors';
export * from './not-found.errors';
export * from './trade.errors';
export * from './envelope';
export * from './concurrency.errors';
export * from './limit.errors';
