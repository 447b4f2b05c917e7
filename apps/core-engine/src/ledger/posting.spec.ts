import { AccountKind, Currency } from '@app/prisma-client';
import { Decimal, toDbDecimal } from '../money';
import { AccountRef } from '../wallet';
import { assertBalanced, inLockOrder, Posting, releasingHolds } from './posting';

const account = (id: string, kind: AccountKind, currency: Currency): AccountRef => ({ id, kind, currency });
const userAzn = account('30000000-0000-0000-0000-000000000000', AccountKind.USER, Currency.AZN);
const userUsdt = account('20000000-0000-0000-0000-000000000000', AccountKind.USER, Currency.USDT);
const omnibusAzn = account('10000000-0000-0000-0000-000000000000', AccountKind.OMNIBUS, Currency.AZN);
const omnibusUsdt = account('00000000-0000-0000-0000-000000000000', AccountKind.OMNIBUS, Currency.USDT);

/** A buy of 29.37 USDT for 50.00 AZN, in the row order of a trade. */
const buy = (): Posting[] => [
  { account: userAzn, amount: new Decimal('-50.00') },
  { account: omnibusAzn, amount: new Decimal('50.00') },
  { account: omnibusUsdt, amount: new Decimal('-29.37') },
  { account: userUsdt, amount: new Decimal('29.37') },
];

describe('postings', () => {
  it('a balanced transfer passes; one that does not sum to zero per currency, or has a zero leg, is refused', () => {
    expect(() => assertBalanced(buy())).not.toThrow();
    const unbalanced = buy();
    unbalanced[3] = { account: userUsdt, amount: new Decimal('29.38') };
    expect(() => assertBalanced(unbalanced)).toThrow('unbalanced transfer: USDT rows sum to 0.01');
    expect(() => assertBalanced([{ account: userAzn, amount: new Decimal(0) }])).toThrow('zero posting');
    expect(() =>
      assertBalanced([
        { account: omnibusAzn, amount: new Decimal('-1'), releaseHold: new Decimal('1') },
        { account: userAzn, amount: new Decimal('1') },
      ]),
    ).toThrow('a hold released on system account');
  });

  it('locks customer accounts first, then system accounts, each by currency then id', () => {
    expect(inLockOrder(buy()).map((p) => p.account)).toEqual([userAzn, userUsdt, omnibusAzn, omnibusUsdt]);
  });

  it('each hold is released by the first leg on its account; a hold on an account outside the transfer is refused', () => {
    const legs = releasingHolds(buy(), new Map([[userAzn.id, new Decimal('50.00')]]));
    expect(legs.map((p) => p.releaseHold?.toFixed(2) ?? null)).toEqual(['50.00', null, null, null]);
    expect(() => releasingHolds(buy(), new Map([['40000000-0000-0000-0000-000000000000', new Decimal('1')]]))).toThrow('has no leg');
  });

  it('a money value with more than 8 decimals is refused before it reaches a Decimal(20,8) column', () => {
    expect(toDbDecimal(new Decimal('1.5'))).toBe('1.50000000');
    expect(() => toDbDecimal(new Decimal('0.000000001'))).toThrow('more than 8 decimals');
  });
});
