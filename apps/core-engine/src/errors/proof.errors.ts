import { DomainError } from './domain-error';

export class ProofNotAvailableError extends DomainError {
  readonly errorCode = 'PROOF_NOT_AVAILABLE';
  constructor(what: string) {
    super(`No liabilities snapshot includes ${what} yet.`);
  }
}

/** The tree's totals are not the ledger's customer liabilities: the snapshot is refused, nothing stored. */
export class LiabilitiesMismatchError extends DomainError {
  readonly errorCode = 'LIABILITIES_MISMATCH';
  constructor(detail: string) {
    super(`The liabilities tree does not match the ledger: ${detail}.`);
  }
}

export class CheckpointKeyMissingError extends DomainError {
  readonly errorCode = 'CHECKPOINT_KEY_MISSING';
  constructor() {
    super('LEDGER_CHECKPOINT_PRIVATE_KEY is not set: no ledger checkpoint can be signed.');
  }
}
