export * from './process-guards';
