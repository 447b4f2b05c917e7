export * from './exchange-contract';
