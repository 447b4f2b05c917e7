export * from './exchange-outcome';
export * from './exchange-venue';
export * from './exchange.client';
export * from './exchange.module';
