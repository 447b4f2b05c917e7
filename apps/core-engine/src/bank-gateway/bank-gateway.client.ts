import { HttpService } from '@nestjs/axios';
import { Injectable, Logger } from '@nestjs/common';
import { AxiosError } from 'axios';
import {
  ACKNOWLEDGEMENT_PATH,
  AcknowledgementRequest,
  AcknowledgementResponse,
  requestIdHeaders,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signatureList,
} from '@app/shared-types';
import { secretsInForce } from './webhook-secrets';

export interface BankEndpoint {
  code: string;
  callbackUrl: string | null;
  webhookSecret: string | null;
  /** The secret before a rotation while its overlap lasts: the request is signed with both. */
  previousWebhookSecret?: string | null;
}

/**
 * - acknowledged: the bank confirmed it moved the money (for this reference);
 * - refused: the bank definitely did not (it said no, or never received the request);
 * - unknown: no usable answer (timeout, 5xx, connection cut): the bank may have moved it.
 *   `answered`: the bank's endpoint answered something we cannot act on (an HTTP error, an
 *   unreadable body); false when no answer came at all (a timeout, a cut or refused connection,
 *   no endpoint configured). Reconciliation counts the first kind against the movement
 *   (docs/reliability.md, "Stuck deposits and withdrawals").
 */
export type AcknowledgementOutcome =
  { kind: 'acknowledged' } | { kind: 'refused'; reason: string } | { kind: 'unknown'; reason: string; answered: boolean };

/** Error codes after which the request certainly never reached the bank. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Asks a bank to acknowledge a money movement before the ledger records it, with a signed
 * request (HMAC over timestamp and body, the bank's webhook secret). The bank applies a
 * reference once, so asking again after an unknown outcome is safe.
 */
@Injectable()
export class BankGatewayClient {
  private readonly logger = new Logger(BankGatewayClient.name);

  constructor(private readonly http: HttpService) {}

  /**
   * `firstAttempt`: false when asking again about a reference (a retry, a reconciliation):
   * an earlier request may have reached the bank then, so a transport failure or a refusal
   * of the request itself (4xx) says nothing about the money; only the bank's own answer
   * `acknowledged: false` is a refusal.
   */
  async acknowledge(
    bank: BankEndpoint,
    request: AcknowledgementRequest,
    { firstAttempt }: { firstAttempt: boolean } = { firstAttempt: true },
  ): Promise<AcknowledgementOutcome> {
    if (!bank.callbackUrl || !bank.webhookSecret) {
      const reason = 'the bank has no acknowledgement endpoint configured';
      // First attempt: nothing was ever sent about this reference, so the bank cannot have
      // moved the money. A retry: an earlier request may have reached the bank (it may have
      // paid) before an operator cleared the settings; refusing would void the hold and
      // could pay the customer twice. Unknown: asked again once the settings are back.
      if (firstAttempt) return { kind: 'refused', reason };
      this.logger.error(`${bank.code}: ${request.operation} ${request.reference} outcome unknown: ${reason}`);
      return { kind: 'unknown', reason, answered: false };
    }
    const body = JSON.stringify(request);
    const timestamp = Math.floor(Date.now() / 1000);
    const what = `${bank.code}: ${request.operation} ${request.reference}`;
    try {
      const res = await this.http.axiosRef.post<AcknowledgementResponse>(`${bank.callbackUrl.replace(/\/$/, '')}${ACKNOWLEDGEMENT_PATH}`, body, {
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signatureList(secretsInForce(bank.webhookSecret, bank.previousWebhookSecret), timestamp, body),
          ...requestIdHeaders(),
        },
      });
      return this.readAnswer(what, request.reference, res.data);
    } catch (err) {
      if (err instanceof AxiosError) {
        const status = err.response?.status;
        if (firstAttempt && status !== undefined && status >= 400 && status < 500) {
          this.logger.warn(`${what} refused: HTTP ${status}`);
          return { kind: 'refused', reason: `HTTP ${status}` };
        }
        if (firstAttempt && status === undefined && err.code && NOT_SENT.has(err.code)) {
          this.logger.warn(`${what} not sent: ${err.code}`);
          return { kind: 'refused', reason: `bank unreachable (${err.code})` };
        }
        const reason = status ? `HTTP ${status}` : (err.code ?? err.message);
        this.logger.error(`${what} outcome unknown: ${reason}`);
        return { kind: 'unknown', reason, answered: status !== undefined };
      }
      this.logger.error(`${what} outcome unknown: ${String(err)}`);
      return { kind: 'unknown', reason: String(err), answered: false };
    }
  }

  /**
   * A 2xx answer. Only the bank's own word about this very reference counts: `acknowledged:
   * true` moved the money, `acknowledged: false` did not. Anything else (a proxy's HTML page,
   * `{}`, another reference) says nothing about the money: the bank may have paid, so voiding
   * the hold could pay twice. Unknown: asked again later.
   */
  private readAnswer(what: string, reference: string, data: unknown): AcknowledgementOutcome {
    const answer = (typeof data === 'object' && data !== null ? data : {}) as Partial<AcknowledgementResponse>;
    if (answer.reference === reference && answer.acknowledged === true) return { kind: 'acknowledged' };
    if (answer.reference === reference && answer.acknowledged === false) {
      const reason = typeof answer.reason === 'string' && answer.reason ? answer.reason : 'refused by the bank';
      this.logger.warn(`${what} refused: ${reason}`);
      return { kind: 'refused', reason };
    }
    const reason = `unreadable acknowledgement ${JSON.stringify(data)?.slice(0, 200) ?? String(data)}`;
    this.logger.error(`${what} outcome unknown: ${reason}`);
    return { kind: 'unknown', reason, answered: true };
  }
}
