import { Injectable, Logger } from '@nestjs/common';
import { verifySignature } from '@app/shared-types';
import { MockBankConfig } from '../config';
import { InvalidCoreMessageError, SignatureRejectedError } from '../errors';
import { SignedMessage } from './signed-message.decorator';

/** Opens a message from the core: its signature must hold (fresh, made with our secret) before its content counts. */
@Injectable()
export class SignatureVerifier {
  private readonly logger = new Logger(SignatureVerifier.name);

  constructor(private readonly config: MockBankConfig) {}

  open(message: SignedMessage, what: string): unknown {
    const check = verifySignature(this.config.MOCK_BANK_WEBHOOK_SECRET, message.timestamp, message.signature, message.body);
    if (check !== 'ok') {
      this.logger.warn({ event: 'signature.rejected', what, check, timestamp: message.timestamp ?? null });
      throw new SignatureRejectedError(check);
    }
    try {
      return JSON.parse(message.body) as unknown;
    } catch {
      throw new InvalidCoreMessageError(`The ${what} body is not JSON`);
    }
  }
}
