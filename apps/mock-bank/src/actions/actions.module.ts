import { Module } from '@nestjs/common';
import { CoreApiModule } from '../core-api';
import { CustomersModule } from '../customers/customers.module';
import { CustomerActionsRepository } from './customer-actions.repository';
import { WalletActionsController } from './wallet-actions.controller';
import { WalletActionsService } from './wallet-actions.service';

@Module({
  imports: [CoreApiModule, CustomersModule],
  controllers: [WalletActionsController],
  providers: [WalletActionsService, CustomerActionsRepository],
  exports: [CustomerActionsRepository],
})
export class ActionsModule {}
