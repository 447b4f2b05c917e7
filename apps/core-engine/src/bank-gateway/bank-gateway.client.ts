import { HttpService } from '@nestjs/axios';
import { Injectable, Logger } from '@nestjs/common';
import { AxiosError } from 'axios';
import { firstValueFrom } from 'rxjs';
import {
  ACKNOWLEDGEMENT_PATH,
  AcknowledgementRequest,
  AcknowledgementResponse,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  sign,
} from '@app/shared-types';
import { BankConnectionError } from '../errors';

export interface BankEndpoint {
  code: string;
  callbackUrl: string | null;
  webhookSecret: string | null;
}

/**
 * Asks a bank to acknowledge a money movement before the ledger records it. Anything but
 * a signed-request 200 {"acknowledged": true} for our reference (no answer, a late answer,
 * an error, a refusal) is a BankConnectionError, and the caller moves nothing.
 */
@Injectable()
export class BankGatewayClient {
  private readonly logger = new Logger(BankGatewayClient.name);

  constructor(private readonly http: HttpService) {}

  async acknowledge(bank: BankEndpoint, request: AcknowledgementRequest): Promise<void> {
    if (!bank.callbackUrl || !bank.webhookSecret) {
      throw new BankConnectionError('The bank has no acknowledgement endpoint configured.');
    }
    const body = JSON.stringify(request);
    const timestamp = Math.floor(Date.now() / 1000);
    let answer: AcknowledgementResponse;
    try {
      const res = await firstValueFrom(
        this.http.post<AcknowledgementResponse>(`${bank.callbackUrl.replace(/\/$/, '')}${ACKNOWLEDGEMENT_PATH}`, body, {
          headers: {
            'content-type': 'application/json',
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: sign(bank.webhookSecret, timestamp, body),
          },
        }),
      );
      answer = res.data;
    } catch (err) {
      const reason = err instanceof AxiosError ? (err.response ? `HTTP ${err.response.status}` : (err.code ?? err.message)) : String(err);
      this.logger.warn(`${bank.code}: ${request.operation} ${request.reference} not acknowledged: ${reason}`);
      throw new BankConnectionError();
    }
    if (answer?.reference !== request.reference || answer.acknowledged !== true) {
      this.logger.warn(
        `${bank.code}: ${request.operation} ${request.reference} refused: ${answer?.reason ?? JSON.stringify(answer)}`,
      );
      throw new BankConnectionError(`The bank refused the operation${answer?.reason ? `: ${answer.reason}` : '.'}`);
    }
  }
}
