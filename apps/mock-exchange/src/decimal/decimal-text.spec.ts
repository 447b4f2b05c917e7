import { isDecimalText } from './decimal-text';

describe('isDecimalText', () => {
  const quantity = { maxDecimals: 8, min: '0', exclusiveMin: true };

  it.each(['1', '50.00', '0.00000001', '999999999999999.12345678'])('accepts %s as a positive quantity', (text) => {
    expect(isDecimalText(text, quantity)).toBe(true);
  });

  it.each(['0', '0.0', '-1', '+1', '1e3', '1E3', ' 1', '1 ', '01', '1.', '.1', '1.123456789', '0x10', 'NaN', 'Infinity', ''])(
    'refuses %j as a positive quantity',
    (text) => {
      expect(isDecimalText(text, quantity)).toBe(false);
    },
  );

  it('refuses numbers: decimals travel as strings', () => {
    expect(isDecimalText(50, quantity)).toBe(false);
  });

  it('allows a sign only when the range goes below zero, and checks the range', () => {
    const jump = { maxDecimals: 8, min: '-0.5', max: '0.5' };
    expect(isDecimalText('-0.01', jump)).toBe(true);
    expect(isDecimalText('0.5', jump)).toBe(true);
    expect(isDecimalText('0.50000001', jump)).toBe(false);
    expect(isDecimalText('-0.6', jump)).toBe(false);
    expect(isDecimalText('-0.01', { maxDecimals: 8, min: '0' })).toBe(false);
  });
});
