import Decimal from 'decimal.js';
import { ExchangeFaultSettings, FaultScope } from '@app/shared-types';
import { MockExchangeConfig } from '../config';

/** The faults in force, as the code uses them (Decimal, not text). */
export interface FaultSettings {
  down: boolean;
  errorRate: number;
  latencyMs: number;
  hang: boolean;
  loseResponses: boolean;
  liquidityLimit: Decimal | null;
  partialFill: Decimal | null;
  priceJump: Decimal;
  scope: FaultScope;
}

export function faultSettingsFromConfig(config: MockExchangeConfig): FaultSettings {
  return {
    down: config.MOCK_EXCHANGE_DOWN,
    errorRate: config.MOCK_EXCHANGE_ERROR_RATE,
    latencyMs: config.MOCK_EXCHANGE_LATENCY_MS,
    hang: config.MOCK_EXCHANGE_HANG,
    loseResponses: config.MOCK_EXCHANGE_LOSE_RESPONSES,
    liquidityLimit: config.MOCK_EXCHANGE_LIQUIDITY_LIMIT ? new Decimal(config.MOCK_EXCHANGE_LIQUIDITY_LIMIT) : null,
    priceJump: new Decimal(config.MOCK_EXCHANGE_PRICE_JUMP),
    partialFill: null,
    scope: config.MOCK_EXCHANGE_FAULT_SCOPE,
  };
}

export function toWire(settings: FaultSettings): ExchangeFaultSettings {
  return {
    ...settings,
    liquidityLimit: settings.liquidityLimit ? settings.liquidityLimit.toFixed() : null,
    priceJump: settings.priceJump.toFixed(),
    partialFill: settings.partialFill ? settings.partialFill.toFixed() : null,
  };
}

/** A partial update as sent to PUT /admin/faults, already validated. */
export function applyUpdate(settings: FaultSettings, update: Partial<ExchangeFaultSettings>): FaultSettings {
  const next: FaultSettings = { ...settings };
  if (update.down !== undefined) next.down = update.down;
  if (update.errorRate !== undefined) next.errorRate = update.errorRate;
  if (update.latencyMs !== undefined) next.latencyMs = update.latencyMs;
  if (update.hang !== undefined) next.hang = update.hang;
  if (update.loseResponses !== undefined) next.loseResponses = update.loseResponses;
  if (update.liquidityLimit !== undefined) {
    next.liquidityLimit = update.liquidityLimit === null ? null : new Decimal(update.liquidityLimit);
  }
  if (update.partialFill !== undefined) {
    next.partialFill = update.partialFill === null ? null : new Decimal(update.partialFill);
  }
  if (update.priceJump !== undefined) next.priceJump = new Decimal(update.priceJump);
  if (update.scope !== undefined) next.scope = update.scope;
  return next;
}
