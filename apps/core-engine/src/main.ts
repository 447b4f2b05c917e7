import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { installProcessGuards, validateEnv } from '@app/shared-types';
import { CoreConfig } from './config';
import { createCoreApp } from './create-app';
import { MetricsService } from './metrics';

// First: an error nobody handled, even during boot, is logged loudly (docs/reliability.md).
const guards = installProcessGuards('core-engine');

async function bootstrap(): Promise<void> {
  const config = validateEnv(CoreConfig);
  const app = await createCoreApp(config);
  const metrics = app.get(MetricsService);
  guards.countRejectionsWith(() => metrics.unhandledRejection());
  await app.listen(config.CORE_ENGINE_PORT, '0.0.0.0');
  new Logger('CoreEngine').log(`listening on port ${config.CORE_ENGINE_PORT}`);
}

bootstrap().catch((err: unknown) => {
  new Logger('CoreEngine').error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
