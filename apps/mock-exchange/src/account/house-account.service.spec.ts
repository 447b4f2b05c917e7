import Decimal from 'decimal.js';
import { validateEnv } from '@app/shared-types';
import { MockExchangeConfig } from '../config';
import { HouseAccountService } from './house-account.service';
import type { FilledOrder } from '../orders/filled-order';

const fill = (side: 'BUY' | 'SELL', qty: string, price: string): FilledOrder => ({
  orderId: 'ex_1',
  symbol: 'AZNUSDT',
  side,
  type: 'MARKET',
  quantity: new Decimal(qty),
  quantityText: qty,
  executedPrice: new Decimal(price),
  filledAt: new Date('2026-12-07T00:00:00.000Z'),
});

describe('HouseAccountService (GET /api/v3/account)', () => {
  it('opens from the settings and moves with each fill: a buy adds USDT and spends AZN, a sell the reverse', () => {
    const account = new HouseAccountService(
      validateEnv(MockExchangeConfig, { MOCK_EXCHANGE_ADMIN_KEY: 'k', MOCK_EXCHANGE_HOUSE_AZN: '1000.00', MOCK_EXCHANGE_HOUSE_USDT: '50' }),
    );
    account.applyFill(fill('BUY', '58.47', '1.7000')); // 1000 - 99.399 + 17.123
    account.applyFill(fill('SELL', '10.00', '1.7123'));
    expect(account.balances()).toEqual({
      updateTime: Date.parse('2026-12-07T00:00:00.000Z'),
      balances: [
        { asset: 'AZN', free: '917.72400000', locked: '0.00000000' },
        { asset: 'USDT', free: '98.47000000', locked: '0.00000000' },
      ],
    });
  });
});
