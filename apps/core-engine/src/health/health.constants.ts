import { API_RATE_LIMIT_NAME } from '@app/shared-types';

/**
 * How long /ready waits for each dependency. Hard-coded for now: a readiness probe must
 * answer well within an orchestrator's own timeout (compose: 3 s), whatever the app's
 * EXCHANGE_TIMEOUT_MS. A candidate for CoreConfig (READY_TIMEOUT_MS) if it ever needs tuning.
 */
export const READY_TIMEOUT_MS = 1000;

/**
 * How often /ready probes its dependencies at most (health/readiness.service.ts): between two
 * probes every caller gets the last result, so a flood of /ready costs nothing downstream.
 */
export const READY_REFRESH_MS = 1000;

/** The throttler AppModule registers (ThrottlerModule.forRoot), per client address: probes are exempt from it. */
export const API_THROTTLER = API_RATE_LIMIT_NAME;
