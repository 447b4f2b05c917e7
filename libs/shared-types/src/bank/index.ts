export * from './bank-contract';
export * from './mock-bank-contract';
