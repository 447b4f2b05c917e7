import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { validateEnv } from '@app/shared-types';
import { AppModule } from './app.module';
import { MockBankConfig } from './config/mock-bank-config';

async function bootstrap(): Promise<void> {
  const config = validateEnv(MockBankConfig);
  const app = await NestFactory.create(AppModule.forRoot(config), {
    logger: config.LOG_LEVEL === 'silent' ? false : undefined,
  });
  app.enableShutdownHooks();
  await app.listen(config.MOCK_BANK_PORT, '0.0.0.0');
  new Logger('MockBank').log(`listening on port ${config.MOCK_BANK_PORT}`);
}

bootstrap().catch((err: unknown) => {
  new Logger('MockBank').error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
