import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MOCK_EXCHANGE_OPENAPI, setupOpenApi } from '@app/shared-types';
import { AppModule } from './app.module';
import { MockExchangeConfig } from './config';

/** The Mock Exchange as main.ts runs it and as tests (its own and the Core Engine's) build it. */
export async function createMockExchangeApp(config: MockExchangeConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: config.LOG_LEVEL === 'silent' ? false : undefined,
  });
  // JSON only, and small: an order is a few fields.
  app.useBodyParser('json', { limit: '16kb' });
  setupOpenApi(app, MOCK_EXCHANGE_OPENAPI);
  return app;
}
