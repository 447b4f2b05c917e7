/**
 * What can go wrong, in the bank's words. Each class carries the stable `code` a client
 * sees; the HTTP status is chosen in one place, BankExceptionFilter.
 */
export abstract class BankError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request is malformed (body, path parameter). */
export class RequestValidationError extends BankError {
  readonly code = 'INVALID_REQUEST';
}

export class CustomerNotFoundError extends BankError {
  readonly code = 'CUSTOMER_NOT_FOUND';
  constructor(id: string) {
    super(`No customer has id "${id}"`);
  }
}

export class CustomerExistsError extends BankError {
  readonly code = 'CUSTOMER_EXISTS';
  constructor(id: string) {
    super(`A customer with id "${id}" already exists`);
  }
}

/** An actionId sent again with a different request: a retry must repeat the action exactly. */
export class ActionReusedError extends BankError {
  readonly code = 'ACTION_ID_REUSED';
  constructor(actionId: string) {
    super(`actionId ${actionId} already belongs to a different action`);
  }
}

export class TransactionNotFoundError extends BankError {
  readonly code = 'TRANSACTION_NOT_FOUND';
  constructor() {
    super('No such transaction for this customer');
  }
}

/** A request claiming to come from the core whose signature does not hold. */
export class SignatureRejectedError extends BankError {
  readonly code: 'MISSING_SIGNATURE' | 'STALE_SIGNATURE' | 'INVALID_SIGNATURE';
  constructor(check: 'missing' | 'stale' | 'mismatch') {
    const messages = {
      missing: 'x-core-timestamp and x-core-signature are required',
      stale: 'The signed timestamp is too far from now; the request is refused as a possible replay',
      mismatch: 'The signature does not match the body',
    };
    super(messages[check]);
    this.code = check === 'missing' ? 'MISSING_SIGNATURE' : check === 'stale' ? 'STALE_SIGNATURE' : 'INVALID_SIGNATURE';
  }
}

/** A signed message whose content the bank cannot use (the core sent something off-contract). */
export class InvalidCoreMessageError extends BankError {
  readonly code = 'INVALID_CORE_MESSAGE';
}

export class AdminUnauthorizedError extends BankError {
  readonly code = 'UNAUTHORIZED';
  constructor() {
    super('A valid x-admin-key header is required');
  }
}

/** Injected by the acknowledgementsDown / webhooksDown faults. */
export class BankUnavailableError extends BankError {
  readonly code = 'BANK_UNAVAILABLE';
  constructor() {
    super('The bank is unavailable');
  }
}

/** The core gave no usable answer to any attempt of an action. */
export class CoreUnavailableError extends BankError {
  readonly code = 'CORE_UNAVAILABLE';
  constructor(
    reason: string,
    readonly attempts: number,
  ) {
    super(`The Core Engine gave no usable answer: ${reason} after ${attempts} attempt(s)`);
  }
}

/** A held request whose client left (latency fault): nobody is left to answer. */
export class RequestAbandonedError extends BankError {
  readonly code = 'REQUEST_ABANDONED';
  constructor() {
    super('The client closed the request before the bank handled it');
  }
}
