import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { installProcessGuards, validateEnv } from '@app/shared-types';
import { MockBankConfig } from './config';
import { createMockBankApp } from './create-app';

// First: an error nobody handled, even during boot, is logged loudly (docs/reliability.md).
installProcessGuards();

async function bootstrap(): Promise<void> {
  const config = validateEnv(MockBankConfig);
  const app = await createMockBankApp(config);
  app.enableShutdownHooks();
  await app.listen(config.MOCK_BANK_PORT, '0.0.0.0');
  new Logger('MockBank').log(`listening on port ${config.MOCK_BANK_PORT}; Core Engine at ${config.CORE_ENGINE_URL}`);
}

bootstrap().catch((err: unknown) => {
  new Logger('MockBank').error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
