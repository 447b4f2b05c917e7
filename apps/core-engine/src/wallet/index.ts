export * from './account-ref';
export * from './lock-order';
export * from './optimistic-retry';
export * from './system-accounts';
export * from './wallet.service';
export * from './wallet.module';
