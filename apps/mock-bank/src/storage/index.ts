export * from './bank-database';
export * from './schema';
export * from './storage.module';
