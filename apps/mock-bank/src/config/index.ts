export * from './mock-bank-config';
export * from './mock-bank-config.module';
