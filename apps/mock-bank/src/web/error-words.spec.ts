import { refusalInWords } from './error-words';

describe('refusalInWords', () => {
  it('says which currency is missing', () => {
    const refusal = { errorCode: 'INSUFFICIENT_FUNDS', message: 'User AZN balance is too low.' };
    expect(refusalInWords('BUY', refusal)).toBe('Not enough AZN in your crypto wallet. Deposit AZN from your bank account first.');
    expect(refusalInWords('SELL', { ...refusal, message: 'User USDT balance is too low.' })).toBe('Not enough USDT in your crypto wallet.');
  });

  it('tells a refused deposit from one the bank did not answer in time', () => {
    const refused = {
      errorCode: 'BANK_REFUSED',
      message: "The bank did not acknowledge the deposit: insufficient funds in the customer's bank account (20.00 AZN).",
    };
    const late = { errorCode: 'BANK_CONNECTION_ERROR', message: 'The bank did not answer in time; retry with the same idempotency key.' };
    const other = { errorCode: 'BANK_REFUSED', message: 'The bank did not acknowledge the withdrawal: HTTP 400.' };
    expect(refusalInWords('DEPOSIT', refused)).toBe('Not enough money in your bank account for this deposit. No money was moved.');
    expect(refusalInWords('DEPOSIT', late)).toBe('The bank did not confirm the deposit in time, so no money was moved. Try again.');
    expect(refusalInWords('WITHDRAWAL', other)).toBe('The bank did not confirm the withdrawal, so no money was moved. HTTP 400.');
  });

  it('words the quote and market refusals, and quotes the message of a validation error or an unknown code', () => {
    expect(refusalInWords('BUY', { errorCode: 'SLIPPAGE_EXCEEDED', message: 'x' })).toMatch(/^The market price moved too far/);
    expect(refusalInWords('BUY', { errorCode: 'QUOTE_EXPIRED', message: 'x' })).toBe(
      'That quote has expired, so nothing was traded. Get a new quote.',
    );
    expect(refusalInWords('SELL', { errorCode: 'INSUFFICIENT_LIQUIDITY', message: 'x', reason: 'ORDER_REJECTED' })).toMatch(
      /^The exchange cannot fill this order/,
    );
    expect(refusalInWords('BUY', { errorCode: 'INSUFFICIENT_LIQUIDITY', message: 'x', reason: 'EXCHANGE_UNAVAILABLE' })).toMatch(
      /^The exchange gives no price right now/,
    );
    expect(refusalInWords('BUY', { errorCode: 'VALIDATION_ERROR', message: 'amount must be a decimal string' })).toBe(
      'The crypto service did not accept the request: amount must be a decimal string',
    );
    expect(refusalInWords('BUY', { errorCode: 'SOMETHING_NEW', message: 'Something new happened.' })).toBe(
      'The crypto service refused the request: Something new happened.',
    );
  });
});
