export * from './core-api.client';
export * from './core-api.module';
