export * from './exchange-outcome';
export * from './exchange.client';
export * from './exchange.module';
