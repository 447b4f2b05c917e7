import { DomainError } from './domain-error';

/** A bank an operator suspended: its API keys still identify it, but nothing it asks is done. */
export class BankSuspendedError extends DomainError {
  readonly errorCode = 'BANK_SUSPENDED';
  constructor() {
    super('This bank partner is suspended; contact the operator.');
  }
}

export class MissingOperatorKeyError extends DomainError {
  readonly errorCode = 'MISSING_OPERATOR_KEY';
  constructor() {
    super('The x-operator-key header is required.');
  }
}

export class InvalidOperatorKeyError extends DomainError {
  readonly errorCode = 'INVALID_OPERATOR_KEY';
  constructor() {
    super('The operator key is not valid.');
  }
}

export class OperatorRoleError extends DomainError {
  readonly errorCode = 'OPERATOR_ROLE_REQUIRED';
  constructor() {
    super('This action needs an operator key with the role "operator" (a viewer key only reads).');
  }
}

export class BankNotFoundError extends DomainError {
  readonly errorCode = 'BANK_NOT_FOUND';
  constructor() {
    super('No such bank partner.');
  }
}

export class BankCodeTakenError extends DomainError {
  readonly errorCode = 'BANK_CODE_TAKEN';
  constructor() {
    super('A bank partner with this code already exists.');
  }
}

export class ApiKeyNotFoundError extends DomainError {
  readonly errorCode = 'API_KEY_NOT_FOUND';
  constructor() {
    super('No such key.');
  }
}

/** A secret rotation needs a webhook endpoint to sign for. */
export class NoWebhookSecretError extends DomainError {
  readonly errorCode = 'NO_WEBHOOK_SECRET';
  constructor() {
    super('The bank has no webhook secret to rotate; set one first.');
  }
}
