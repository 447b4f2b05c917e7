import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { AcknowledgementsService } from './acknowledgements.service';
import { AcknowledgementsController, WebhooksController } from './core-callbacks.controller';
import { EventsController } from './events.controller';
import { SignatureVerifier } from './signature-verifier';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [ActionsModule],
  controllers: [AcknowledgementsController, WebhooksController, EventsController],
  providers: [AcknowledgementsService, WebhooksService, SignatureVerifier],
})
export class CoreCallbacksModule {}
