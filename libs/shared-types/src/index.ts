export * from './config';
export * from './exchange';
export * from './core-api';
export * from './bank';
export * from './openapi';
export * from './health';
export * from './logging';
export * from './http';
