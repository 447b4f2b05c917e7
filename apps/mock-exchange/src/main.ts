import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { installProcessGuards, validateEnv } from '@app/shared-types';
import { MockExchangeConfig } from './config';
import { createMockExchangeApp } from './create-app';

// First: an error nobody handled, even during boot, is logged loudly (docs/reliability.md).
installProcessGuards();

async function bootstrap(): Promise<void> {
  const config = validateEnv(MockExchangeConfig);
  const app = await createMockExchangeApp(config);
  app.enableShutdownHooks();
  await app.listen(config.MOCK_EXCHANGE_PORT, '0.0.0.0');
  new Logger('MockExchange').log(`listening on port ${config.MOCK_EXCHANGE_PORT}`);
}

bootstrap().catch((err: unknown) => {
  new Logger('MockExchange').error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
