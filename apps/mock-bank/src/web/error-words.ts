import { CustomerActionKind } from '@app/shared-types';
import { CoreRefusal } from './core-answer';

/**
 * The core's refusals in the customer's words. The core's errorCode is stable (docs/errors.md);
 * its message is for developers, so it is only quoted where it carries the specifics.
 */
export function refusalInWords(kind: CustomerActionKind, refusal: CoreRefusal): string {
  const { errorCode, message } = refusal;
  switch (errorCode) {
    case 'INSUFFICIENT_FUNDS':
      return kind === 'SELL'
        ? 'Not enough USDT in your crypto wallet.'
        : kind === 'WITHDRAWAL'
          ? 'Not enough AZN in your crypto wallet to withdraw that much.'
          : 'Not enough AZN in your crypto wallet. Deposit AZN from your bank account first.';
    case 'SLIPPAGE_EXCEEDED':
      return 'The market price moved too far since your quote, so nothing was traded. Get a new quote.';
    case 'QUOTE_EXPIRED':
      return 'That quote has expired, so nothing was traded. Get a new quote.';
    case 'QUOTE_ALREADY_USED':
      return 'That quote was already used for a trade. Get a new quote.';
    case 'QUOTE_NOT_FOUND':
      return 'That quote is unknown to the crypto service. Get a new quote.';
    case 'QUOTE_MISMATCH':
      return `The trade does not match its quote. ${afterColon(message)}`;
    case 'BANK_CONNECTION_ERROR':
    case 'BANK_REFUSED':
      return bankConnectionInWords(kind, message);
    case 'INSUFFICIENT_LIQUIDITY':
      // One code for both (the design's): the reason tells a down exchange from a refused order.
      return refusal.reason === 'EXCHANGE_UNAVAILABLE'
        ? 'The exchange gives no price right now, so nothing was traded. Try again in a moment.'
        : 'The exchange cannot fill this order right now, so nothing was traded. Try again in a moment.';
    case 'VALIDATION_ERROR':
      return `The crypto service did not accept the request: ${message}`;
    case 'AMOUNT_TOO_SMALL':
    case 'AMOUNT_TOO_LARGE':
      return message;
    case 'USER_NOT_FOUND':
      return 'You have no crypto wallet yet. Deposit AZN from your bank account to open it.';
    case 'IDEMPOTENCY_IN_PROGRESS':
      return 'This operation is still being processed. Reload the page in a moment.';
    case 'IDEMPOTENCY_KEY_REUSED':
      return 'This form was already sent with other values. Fill it in again.';
    case 'RATE_LIMITED':
      return 'Too many requests at once. Wait a moment and try again.';
    case 'MISSING_API_KEY':
    case 'INVALID_API_KEY':
      return 'The bank could not sign in to the crypto service (its API key was refused).';
    default:
      return `The crypto service refused the request: ${message}`;
  }
}

function bankConnectionInWords(kind: CustomerActionKind, message: string): string {
  const movement = kind === 'WITHDRAWAL' ? 'withdrawal' : 'deposit';
  if (/insufficient funds/i.test(message)) return 'Not enough money in your bank account for this deposit. No money was moved.';
  if (/in time/i.test(message)) return `The bank did not confirm the ${movement} in time, so no money was moved. Try again.`;
  return `The bank did not confirm the ${movement}, so no money was moved. ${capitalise(afterColon(message))}`;
}

/** "The bank did not acknowledge the deposit: the bank has no such customer." → "the bank has no such customer." */
function afterColon(message: string): string {
  const at = message.indexOf(': ');
  return at >= 0 ? message.slice(at + 2) : message;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
