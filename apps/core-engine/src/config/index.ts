export * from './core-config';
