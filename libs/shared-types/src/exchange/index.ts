export * from './exchange-contract';
export * from './exchange-admin-contract';
export * from './exchange.dto';
