export * from './config';
export * from './exchange';
export * from './core-api';
