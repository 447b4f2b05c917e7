import { Injectable, Logger } from '@nestjs/common';

/**
 * Test-only: named points in the money flows where the process can be made to stop, so the
 * crash suite can kill it there (SIGKILL) and prove that reconciliation settles whatever it
 * left. CORE_TEST_PAUSE_AT names the points (comma-separated); unset in production, where
 * `at()` costs one Set lookup. A pause point only waits where the flow already is: it never
 * switches the flow to another code path (tests must see the path production runs).
 */
export type PausePoint =
  'trade:after-open' | 'trade:after-order' | 'trade:inside-settle' | 'trade:after-settle' | 'funding:after-open' | 'funding:after-ack';

@Injectable()
export class PausePoints {
  private readonly logger = new Logger(PausePoints.name);
  private readonly points = new Set(
    (process.env.CORE_TEST_PAUSE_AT ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  );

  async at(point: PausePoint, detail = ''): Promise<void> {
    if (!this.points.has(point)) return;
    // The crash suite waits for this exact line on stdout, then kills the process.
    process.stdout.write(`PAUSED ${point} ${detail}\n`);
    this.logger.warn(`paused at ${point} ${detail}: waiting to be killed`);
    await new Promise<never>(() => undefined);
  }
}
