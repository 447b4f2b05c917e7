import { Decimal } from './decimal';
import { buyRate, buySpreadRevenue, cryptoForFiat, fiatForCrypto, sellRate, sellSpreadRevenue } from './pricing';

const d = (s: string) => new Decimal(s);

describe('buy pricing', () => {
  it('the contract example: 100.00 AZN at 1.7100 buys 58.47 USDT', () => {
    expect(cryptoForFiat(d('100.00'), d('1.7100')).toFixed(2)).toBe('58.47');
  });

  it('adds the default 150 bps spread and rounds the rate up to 4 decimals', () => {
    // 1.7050 x 1.015 = 1.7305750 -> 1.7306
    expect(buyRate(d('1.7050'), 150).toFixed(4)).toBe('1.7306');
  });

  it('keeps an exact rate unrounded', () => {
    // 1.7000 x 1.015 = 1.7255 exactly
    expect(buyRate(d('1.7000'), 150).toFixed(4)).toBe('1.7255');
  });

  it('a spread of zero gives the market price', () => {
    expect(buyRate(d('1.7050'), 0).toFixed(4)).toBe('1.7050');
  });

  it('rounds the crypto amount down, never up', () => {
    // 100 / 1.7306 = 57.78342... -> 57.78
    expect(cryptoForFiat(d('100.00'), d('1.7306')).toFixed(2)).toBe('57.78');
    // 1.73 / 1.73 = 1 exactly stays 1.00
    expect(cryptoForFiat(d('1.73'), d('1.7300')).toFixed(2)).toBe('1.00');
    // 1.72 / 1.73 = 0.99421... -> 0.99
    expect(cryptoForFiat(d('1.72'), d('1.7300')).toFixed(2)).toBe('0.99');
  });

  it('never costs the customer more than one minor unit of USDT', () => {
    for (const amount of ['0.01', '1.00', '99.99', '100.00', '12345.67']) {
      const rate = d('1.7306');
      const exact = d(amount).div(rate);
      const got = cryptoForFiat(d(amount), rate);
      expect(got.lte(exact)).toBe(true);
      expect(exact.minus(got).lt(d('0.01'))).toBe(true);
    }
  });

  it('spread revenue is the paid amount minus the exchange cost, exact to 8 decimals', () => {
    // 100.00 - 58.47 x 1.7050 = 100.00 - 99.691350 = 0.308650
    expect(buySpreadRevenue(d('100.00'), d('58.47'), d('1.7050')).toFixed(8)).toBe('0.30865000');
  });
});

describe('sell pricing', () => {
  it('subtracts the spread and rounds the rate down to 4 decimals', () => {
    // 1.7050 x 0.985 = 1.6794250 -> 1.6794
    expect(sellRate(d('1.7050'), 150).toFixed(4)).toBe('1.6794');
  });

  it('rounds the fiat paid out down to 2 decimals', () => {
    // 50.00 x 1.6794 = 83.97 exactly; 33.33 x 1.6794 = 55.974402 -> 55.97
    expect(fiatForCrypto(d('50.00'), d('1.6794')).toFixed(2)).toBe('83.97');
    expect(fiatForCrypto(d('33.33'), d('1.6794')).toFixed(2)).toBe('55.97');
  });

  it('spread revenue on a sell is the exchange proceeds minus the payout', () => {
    // 50.00 x 1.7050 - 83.97 = 85.25 - 83.97 = 1.28
    expect(sellSpreadRevenue(d('83.97'), d('50.00'), d('1.7050')).toFixed(8)).toBe('1.28000000');
  });
});
