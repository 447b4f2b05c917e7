export * from './account-ref';
export * from './system-accounts';
export * from './wallet.service';
export * from './wallet.module';
