import { Logger } from '@nestjs/common';
import { validateEnv } from '@app/shared-types';
import { MockExchangeConfig } from '../config';
import { FaultSettingsService } from './fault-settings.service';

const ORDER_PLACEMENT = { order: true, placement: true };
const TICKER = { order: false, placement: false };

const build = (env: Record<string, string> = {}) =>
  new FaultSettingsService(validateEnv(MockExchangeConfig, { MOCK_EXCHANGE_ADMIN_KEY: 'k', ...env }));

const failures = (faults: FaultSettingsService, calls: number) => Array.from({ length: calls }, () => faults.decide(ORDER_PLACEMENT).failure);

describe('FaultSettingsService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('starts with no faults by default', () => {
    expect(build().view()).toEqual({
      down: false,
      errorRate: 0,
      latencyMs: 0,
      hang: false,
      loseResponses: false,
      liquidityLimit: null,
      partialFill: null,
      priceJump: '0',
      scope: 'all',
    });
    expect(build().decide(ORDER_PLACEMENT)).toEqual({ hang: false, delayMs: 0, failure: null, loseResponse: false });
  });

  it('starts with the faults set through env', () => {
    const faults = build({
      MOCK_EXCHANGE_DOWN: 'true',
      MOCK_EXCHANGE_ERROR_RATE: '0.25',
      MOCK_EXCHANGE_LATENCY_MS: '120',
      MOCK_EXCHANGE_HANG: '1',
      MOCK_EXCHANGE_LOSE_RESPONSES: 'true',
      MOCK_EXCHANGE_LIQUIDITY_LIMIT: '1000.5',
      MOCK_EXCHANGE_PRICE_JUMP: '-0.01',
    });
    expect(faults.view()).toEqual({
      down: true,
      errorRate: 0.25,
      latencyMs: 120,
      hang: true,
      loseResponses: true,
      liquidityLimit: '1000.5',
      partialFill: null,
      priceJump: '-0.01',
      scope: 'all',
    });
  });

  it('applies a partial update and keeps the rest', () => {
    const faults = build({ MOCK_EXCHANGE_LATENCY_MS: '50' });
    expect(faults.update({ down: true, liquidityLimit: '10' })).toMatchObject({ down: true, latencyMs: 50, liquidityLimit: '10' });
    expect(faults.update({ liquidityLimit: null }).liquidityLimit).toBeNull();
    expect(faults.update({ partialFill: '5.00' }).partialFill).toBe('5');
    expect(faults.update({ partialFill: null }).partialFill).toBeNull();
  });

  it('fails every call at errorRate 1 and none at 0', () => {
    expect(failures(build({ MOCK_EXCHANGE_ERROR_RATE: '1' }), 200)).toEqual(Array(200).fill('error'));
    expect(failures(build({ MOCK_EXCHANGE_ERROR_RATE: '0' }), 200)).toEqual(Array(200).fill(null));
  });

  it('fails the same calls for the same seed, about errorRate of them', () => {
    const a = failures(build({ MOCK_EXCHANGE_ERROR_RATE: '0.3', MOCK_EXCHANGE_SEED: '11' }), 1000);
    const b = failures(build({ MOCK_EXCHANGE_ERROR_RATE: '0.3', MOCK_EXCHANGE_SEED: '11' }), 1000);
    expect(a).toEqual(b);
    const failed = a.filter((f) => f === 'error').length;
    expect(failed).toBeGreaterThan(250);
    expect(failed).toBeLessThan(350);
  });

  it('answers down before drawing for errorRate', () => {
    expect(build({ MOCK_EXCHANGE_DOWN: 'true', MOCK_EXCHANGE_ERROR_RATE: '1' }).decide(ORDER_PLACEMENT).failure).toBe('down');
  });

  it('resets to the start-up settings and restarts the errorRate draws', () => {
    const faults = build({ MOCK_EXCHANGE_ERROR_RATE: '0.5', MOCK_EXCHANGE_SEED: '8' });
    const firstRun = failures(faults, 50);
    faults.update({ down: true, errorRate: 0.9, priceJump: '0.02' });
    expect(faults.reset()).toEqual(build({ MOCK_EXCHANGE_ERROR_RATE: '0.5' }).view());
    expect(failures(faults, 50)).toEqual(firstRun);
  });

  it('with scope "orders" leaves the ticker alone and still faults the order endpoints', () => {
    const faults = build({ MOCK_EXCHANGE_DOWN: 'true', MOCK_EXCHANGE_FAULT_SCOPE: 'orders' });
    expect(faults.decide(TICKER)).toEqual({ hang: false, delayMs: 0, failure: null, loseResponse: false });
    expect(faults.decide(ORDER_PLACEMENT).failure).toBe('down');
    expect(faults.decide({ order: true, placement: false }).failure).toBe('down');
  });

  it('loses only the answers of new orders, never of lookups or the ticker', () => {
    const faults = build({ MOCK_EXCHANGE_LOSE_RESPONSES: 'true' });
    expect(faults.decide(ORDER_PLACEMENT).loseResponse).toBe(true);
    expect(faults.decide({ order: true, placement: false }).loseResponse).toBe(false);
    expect(faults.decide(TICKER).loseResponse).toBe(false);
  });
});
