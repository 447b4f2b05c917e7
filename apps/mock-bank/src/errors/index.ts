export * from './bank-errors';
export * from './bank-exception.filter';
export * from './validation-pipe';
