export * from './api-key-hash';
export * from './bank-context';
export * from './api-key.service';
export * from './api-key.guard';
export * from './current-bank.decorator';
export * from './auth.module';
