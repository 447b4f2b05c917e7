import { Injectable } from '@nestjs/common';
import { NoWebhookSecretError } from '../../errors';
import { AdminActor } from '../audit/audit-trail.service';
import { describeBank } from './bank-view';
import { BanksUseCases, generateWebhookSecret } from './banks.use-cases';

/** How long both secrets sign when the operator does not say. */
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 24 * 3600;

/**
 * A webhook secret rotation with overlap: a new secret becomes current and the old one keeps
 * signing beside it (two signatures per message, bank-contract.ts) until the overlap ends, so
 * the bank can switch its verifier at any moment within it without a refused message. A
 * second rotation during an overlap drops the oldest secret: two secrets at most.
 */
@Injectable()
export class WebhookSecretRotation {
  constructor(private readonly banks: BanksUseCases) {}

  async rotate(actor: AdminActor, bankCode: string, overlapSeconds = DEFAULT_ROTATION_OVERLAP_SECONDS) {
    const webhookSecret = generateWebhookSecret();
    const now = new Date();
    const bank = await this.banks.change(actor, bankCode, 'bank.rotate_webhook_secret', (before) => {
      if (!before.webhookSecret) throw new NoWebhookSecretError();
      return {
        webhookSecret,
        webhookSecretPrevious: before.webhookSecret,
        webhookSecretPreviousUntil: new Date(now.getTime() + overlapSeconds * 1000),
      };
    });
    return { ...describeBank(bank, now), webhookSecret };
  }

  /** Ends the overlap now (the bank confirmed it verifies with the new secret). */
  async endOverlap(actor: AdminActor, bankCode: string) {
    const bank = await this.banks.change(actor, bankCode, 'bank.end_webhook_secret_overlap', () => ({
      webhookSecretPrevious: null,
      webhookSecretPreviousUntil: null,
    }));
    return describeBank(bank);
  }
}
