import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ACKNOWLEDGEMENT_PATH,
  AcknowledgementRequestDto,
  AcknowledgementResponse,
  AcknowledgementResponseDto,
  ApiMockBankErrors,
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  TradeEventDto,
  WEBHOOK_PATH,
  WebhookReceiptDto,
} from '@app/shared-types';
import { CallbackChannelOf } from '../faults';
import { AcknowledgementsService } from './acknowledgements.service';
import { Signed, SignedMessage } from './signed-message.decorator';
import { WebhookReceipt, WebhooksService } from './webhooks.service';

/** POST /core/acknowledgements: called by the core before it credits a deposit or pays a withdrawal. */
@ApiTags('called by the core')
@ApiHeader({ name: TIMESTAMP_HEADER, required: true, description: 'Unix seconds when the core signed the request' })
@ApiHeader({ name: SIGNATURE_HEADER, required: true, description: 'hex HMAC-SHA256 of "<timestamp>.<body>" with the webhook secret' })
@Controller()
@CallbackChannelOf('acknowledgements')
export class AcknowledgementsController {
  constructor(private readonly acknowledgements: AcknowledgementsService) {}

  @Post(ACKNOWLEDGEMENT_PATH)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'The core asks the bank to confirm it moved the money of a deposit or withdrawal; idempotent by reference' })
  @ApiBody({ type: AcknowledgementRequestDto })
  @ApiOkResponse({ type: AcknowledgementResponseDto, description: 'acknowledged: false is a refusal' })
  @ApiMockBankErrors('INVALID_CORE_MESSAGE', 'MISSING_SIGNATURE', 'STALE_SIGNATURE', 'INVALID_SIGNATURE', 'BANK_UNAVAILABLE')
  acknowledge(@Signed() message: SignedMessage): Promise<AcknowledgementResponse> {
    return this.acknowledgements.acknowledge(message);
  }
}

/** POST /core/webhooks: trade events, signed, delivered by the core's outbox until answered 2xx. */
@ApiTags('called by the core')
@ApiHeader({ name: TIMESTAMP_HEADER, required: true, description: 'Unix seconds when the core signed the request' })
@ApiHeader({ name: SIGNATURE_HEADER, required: true, description: 'hex HMAC-SHA256 of "<timestamp>.<body>" with the webhook secret' })
@ApiHeader({ name: EVENT_ID_HEADER, required: true, description: 'The eventId of the signed body' })
@Controller()
@CallbackChannelOf('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post(WEBHOOK_PATH)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A trade event from the core; applied once per eventId, repeats only counted' })
  @ApiBody({ type: TradeEventDto })
  @ApiOkResponse({ type: WebhookReceiptDto })
  @ApiMockBankErrors('INVALID_CORE_MESSAGE', 'MISSING_SIGNATURE', 'STALE_SIGNATURE', 'INVALID_SIGNATURE', 'BANK_UNAVAILABLE')
  receive(@Signed() message: SignedMessage): Promise<WebhookReceipt> {
    return this.webhooks.receive(message);
  }
}
