import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { AppLogging } from '@app/shared-types';
import { CoreConfig } from '../config';
import { ApiExceptionFilter, apiValidationPipe } from '../http';
import { AdminAppModule } from './admin-app.module';

/**
 * The admin surface (/admin/v1, the operator page) as main.ts runs it on ADMIN_PORT and as the
 * tests build it, beside `core`, the Core Engine app whose trade stack resolves trades.
 */
export async function createAdminApp(config: CoreConfig, core: INestApplicationContext): Promise<INestApplication> {
  const logging = new AppLogging('core-engine-admin', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(AdminAppModule.forRoot(config, logging, core), {
    bodyParser: false,
    logger: logging.nest,
  });
  app.use(logging.middleware);
  app.useBodyParser('json', { limit: '16kb' });
  app.use(helmet());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalPipes(apiValidationPipe());
  return app;
}
