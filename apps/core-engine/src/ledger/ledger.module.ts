import { Module } from '@nestjs/common';
import { WalletModule } from '../wallet';
import { LedgerService } from './ledger.service';

@Module({ imports: [WalletModule], providers: [LedgerService], exports: [LedgerService] })
export class LedgerModule {}
