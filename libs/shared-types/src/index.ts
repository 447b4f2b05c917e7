export * from './config';
export * from './exchange';
