import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { AppLogging, CORE_ENGINE_OPENAPI, setupOpenApi } from '@app/shared-types';
import { AppModule } from './app.module';
import { CoreConfig } from './config';
import { ApiExceptionFilter, apiValidationPipe } from './http';
import { MetricsService } from './metrics';

/** The Core Engine as main.ts runs it and as the e2e tests build it. */
export async function createCoreApp(config: CoreConfig): Promise<INestApplication> {
  // Given explicitly every time (also "silent"): Nest's logger is process-wide and would
  // otherwise stay as a previous app in the same process left it.
  const logging = new AppLogging('core-engine', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logging), {
    bodyParser: false,
    logger: logging.nest,
  });
  // First: every request gets its id, its closing log line and its timing, even one refused early.
  app.use(logging.middleware);
  app.use(app.get(MetricsService).httpMiddleware);
  // Bodies are small JSON documents; anything larger is refused before it is parsed.
  app.useBodyParser('json', { limit: '16kb' });
  // Standard security headers (no sniffing, no framing, HSTS, no X-Powered-By).
  app.use(helmet());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalPipes(apiValidationPipe());
  setupOpenApi(app, CORE_ENGINE_OPENAPI);
  // Signals are main.ts's (closeGracefullyOnSignals): the server drains before the modules close.
  return app;
}

/**
 * The Core Engine's services without its HTTP server or reconciliation timer, for operator
 * commands (npm run trades): they call the same use cases the API and the reconciler do.
 */
export async function createCoreContext(config: CoreConfig): Promise<INestApplicationContext> {
  const logging = new AppLogging('core-engine', config.LOG_LEVEL);
  const quiet = Object.assign(new CoreConfig(), config, { RECONCILE_INTERVAL_MS: 0, METRICS_PORT: 0 });
  return NestFactory.createApplicationContext(AppModule.forRoot(quiet, logging), { logger: logging.nest });
}
