import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppLogging, MOCK_BANK_OPENAPI, setupOpenApi } from '@app/shared-types';
import { AppModule } from './app.module';
import { MockBankConfig } from './config';

/** The Mock Bank as main.ts runs it and as tests build it. */
export async function createMockBankApp(config: MockBankConfig): Promise<INestApplication> {
  const logging = new AppLogging('mock-bank', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    // The core's signatures cover the exact bytes it sent: keep them (req.rawBody).
    rawBody: true,
    logger: logging.nest,
  });
  app.use(logging.middleware);
  app.useBodyParser('json', { limit: '64kb' });
  setupOpenApi(app, MOCK_BANK_OPENAPI);
  return app;
}
