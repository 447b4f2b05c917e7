import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { WalletActionsService } from '../actions/wallet-actions.service';
import { CoreApiModule } from '../core-api';
import { CustomersModule } from '../customers/customers.module';
import { FormBodyMiddleware } from './form-body.middleware';
import { PageReadsRepository } from './page-reads.repository';
import { OrderActionsService } from './order-actions.service';
import { WebActionsService } from './web-actions.service';
import { WebController } from './web.controller';
import { WebPagesService } from './web-pages.service';

/**
 * The bank's demo page at /. WalletActionsService is provided here too because
 * ActionsModule keeps it to itself; it holds no state, so a second instance does the same.
 */
@Module({
  imports: [CoreApiModule, CustomersModule, ActionsModule],
  controllers: [WebController],
  providers: [WebPagesService, WebActionsService, OrderActionsService, PageReadsRepository, WalletActionsService],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(FormBodyMiddleware).forRoutes(WebController);
  }
}
