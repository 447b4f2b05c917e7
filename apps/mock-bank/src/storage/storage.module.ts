import { Global, Module } from '@nestjs/common';
import { BankDatabase } from './bank-database';

@Global()
@Module({ providers: [BankDatabase], exports: [BankDatabase] })
export class StorageModule {}
