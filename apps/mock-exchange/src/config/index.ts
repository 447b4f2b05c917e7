export * from './mock-exchange-config';
export * from './mock-exchange-config.module';
