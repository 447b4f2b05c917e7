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
    // The Binance routes sign the body as sent (req.rawBody).
    rawBody: true,
    logger: logging.nest,
  });
  app.use(logging.middleware);
  // JSON only, and small: an order is a few fields.
  app.useBodyParser('json', { limit: '16kb' });
  // Binance's POST parameters may come as a form body (apps/mock-exchange/src/binance).
  app.useBodyParser('urlencoded', { limit: '16kb', extended: false });
  setupOpenApi(app, MOCK_EXCHANGE_OPENAPI);
  return app;
}
