import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ACKNOWLEDGEMENT_PATH, AcknowledgementResponse, WEBHOOK_PATH } from '@app/shared-types';
import { CallbackChannelOf } from '../faults';
import { AcknowledgementsService } from './acknowledgements.service';
import { Signed, SignedMessage } from './signed-message.decorator';
import { WebhookReceipt, WebhooksService } from './webhooks.service';

/** POST /core/acknowledgements: called by the core before it credits a deposit or pays a withdrawal. */
@Controller()
@CallbackChannelOf('acknowledgements')
export class AcknowledgementsController {
  constructor(private readonly acknowledgements: AcknowledgementsService) {}

  @Post(ACKNOWLEDGEMENT_PATH)
  @HttpCode(HttpStatus.OK)
  acknowledge(@Signed() message: SignedMessage): Promise<AcknowledgementResponse> {
    return this.acknowledgements.acknowledge(message);
  }
}

/** POST /core/webhooks: trade events, signed, delivered by the core's outbox until answered 2xx. */
@Controller()
@CallbackChannelOf('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post(WEBHOOK_PATH)
  @HttpCode(HttpStatus.OK)
  receive(@Signed() message: SignedMessage): Promise<WebhookReceipt> {
    return this.webhooks.receive(message);
  }
}
