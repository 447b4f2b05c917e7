export * from './bank-contract';
