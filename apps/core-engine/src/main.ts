import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { installProcessGuards, validateEnv } from '@app/shared-types';
import { CoreConfig } from './config';
import { createCoreApp } from './create-app';
import { closeGracefullyOnSignals } from './http';
import { MetricsServer, MetricsService } from './metrics';

// First: an error nobody handled, even during boot, is logged loudly (docs/reliability.md).
const guards = installProcessGuards();

async function bootstrap(): Promise<void> {
  const config = validateEnv(CoreConfig);
  const app = await createCoreApp(config);
  const metrics = app.get(MetricsService);
  guards.countRejectionsWith(() => metrics.unhandledRejection());
  // The longest request: a trade's order and its lookup, or a movement's acknowledgement, plus the database.
  closeGracefullyOnSignals(app, 2 * Math.max(config.EXCHANGE_TIMEOUT_MS, config.BANK_ACK_TIMEOUT_MS) + 5000);
  await app.listen(config.CORE_ENGINE_PORT, '0.0.0.0');
  if (config.METRICS_PORT > 0) await app.get(MetricsServer).listen(config.METRICS_PORT);
  new Logger('CoreEngine').log(`listening on port ${config.CORE_ENGINE_PORT}`);
}

bootstrap().catch((err: unknown) => {
  new Logger('CoreEngine').error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
