import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppLogging, MOCK_EXCHANGE_OPENAPI, setupOpenApi } from '@app/shared-types';
import { AppModule } from './app.module';
import { MockExchangeConfig } from './config';

/** The Mock Exchange as main.ts runs it and as tests (its own and the Core Engine's) build it. */
export async function createMockExchangeApp(config: MockExchangeConfig): Promise<INestApplication> {
  const logging = new AppLogging('mock-exchange', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: logging.nest,
  });
  app.use(logging.middleware);
  // JSON only, and small: an order is a few fields.
  app.useBodyParser('json', { limit: '16kb' });
  setupOpenApi(app, MOCK_EXCHANGE_OPENAPI);
  return app;
}
