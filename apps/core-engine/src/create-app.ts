import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { CORE_ENGINE_OPENAPI, setupOpenApi } from '@app/shared-types';
import { AppModule } from './app.module';
import { CoreConfig } from './config';
import { ApiExceptionFilter, apiValidationPipe } from './http';
import { appLogger } from './http/log-levels';

/** The Core Engine as main.ts runs it and as the e2e tests build it. */
export async function createCoreApp(config: CoreConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: appLogger(config.LOG_LEVEL),
  });
  // Bodies are small JSON documents; anything larger is refused before it is parsed.
  app.useBodyParser('json', { limit: '16kb' });
  // Standard security headers (no sniffing, no framing, HSTS, no X-Powered-By).
  app.use(helmet());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalPipes(apiValidationPipe());
  setupOpenApi(app, CORE_ENGINE_OPENAPI);
  app.enableShutdownHooks();
  return app;
}
