export * from './bank-gateway.client';
export * from './bank-gateway.module';
