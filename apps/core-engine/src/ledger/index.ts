export * from './posting';
export * from './ledger.service';
export * from './ledger.module';
