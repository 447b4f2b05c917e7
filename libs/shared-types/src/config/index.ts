export * from './validate-env';
