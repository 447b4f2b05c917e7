import { Injectable } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { performance } from 'node:perf_hooks';
import { DatabaseHealthIndicator } from './database.indicator';
import { ExchangeHealthIndicator } from './exchange.indicator';
import { READY_REFRESH_MS } from './health.constants';

/**
 * The readiness of this process, probed at most once per READY_REFRESH_MS: /ready is
 * unauthenticated and not rate limited, and each probe costs a pooled database connection and
 * an exchange request (a real exchange bans a caller that floods it). Every caller gets the
 * last probe's outcome (its 200 result or its 503 exception, as terminus made them); the first
 * caller after the interval starts the next probe, and callers meanwhile share that one probe
 * in flight. A dependency going down is seen within the interval plus one probe.
 */
@Injectable()
export class Readiness {
  private last?: { startedAt: number; outcome: Promise<HealthCheckResult> };
  private inFlight = false;

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly exchange: ExchangeHealthIndicator,
  ) {}

  /** The last probe's result (rejects with terminus's ServiceUnavailableException when it found a dependency down). */
  check(): Promise<HealthCheckResult> {
    // A monotonic clock: the app's Clock may be moved by tests, and wall-clock jumps must not freeze the cache.
    const now = performance.now();
    if (this.last && (this.inFlight || now - this.last.startedAt < READY_REFRESH_MS)) return this.last.outcome;
    const outcome = this.health.check([() => this.database.check('database'), () => this.exchange.check('exchange')]);
    this.inFlight = true;
    this.last = { startedAt: now, outcome };
    // Settled either way; a 503 is an answer for whoever asks, never an unhandled rejection.
    outcome.then(
      () => (this.inFlight = false),
      () => (this.inFlight = false),
    );
    return outcome;
  }
}
