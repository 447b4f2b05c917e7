export * from './exchange-contract';
export * from './exchange-admin-contract';
