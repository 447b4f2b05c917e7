export * from './bank-contract';
export * from './mock-bank-contract';
export * from './bank-contract.dto';
export * from './mock-bank.dto';
