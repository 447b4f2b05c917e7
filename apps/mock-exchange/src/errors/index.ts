export * from './exchange-errors';
export * from './exchange-exception.filter';
export * from './validation-pipe';
