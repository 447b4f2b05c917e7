import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { installProcessGuards, validateEnv } from '@app/shared-types';
import { CoreConfig } from './config';
import { createAdminApp } from './admin/create-admin-app';
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
  if (config.ADMIN_PORT > 0) {
    const admin = await createAdminApp(config, app);
    await admin.listen(config.ADMIN_PORT, '0.0.0.0');
    // Closed beside the API's drain: an admin request is short and never part of a trade.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void admin.close());
    new Logger('CoreEngine').log(`admin surface on port ${config.ADMIN_PORT}`);
  }
  new Logger('CoreEngine').log(`listening on port ${config.CORE_ENGINE_PORT}`);
}

bootstrap().catch((err: unknown) => {
  new Logger('CoreEngine').error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
