export * from './validation';
export * from './trade.dto';
export * from './funding.dto';
export * from './read.dto';
