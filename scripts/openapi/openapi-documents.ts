import { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { resolve } from 'node:path';
import { openApiDocumentOf, validateEnv } from '@app/shared-types';
import { CoreConfig } from '../../apps/core-engine/src/config';
import { createCoreApp } from '../../apps/core-engine/src/create-app';
import { MockBankConfig } from '../../apps/mock-bank/src/config';
import { createMockBankApp } from '../../apps/mock-bank/src/create-app';
import { MockExchangeConfig } from '../../apps/mock-exchange/src/config';
import { createMockExchangeApp } from '../../apps/mock-exchange/src/create-app';

export const OPENAPI_DIR = resolve(__dirname, '../../docs/openapi');

export type AppName = 'core-engine' | 'mock-exchange' | 'mock-bank';

/**
 * Settings that let each app be built without a database or a network: nothing connects
 * before app.init(), and the documents are taken before it (the URLs point nowhere).
 */
const NOWHERE_DATABASE = 'postgresql://openapi@127.0.0.1:9/openapi';
const BUILDERS: Record<AppName, () => Promise<INestApplication>> = {
  'core-engine': () => createCoreApp(validateEnv(CoreConfig, { DATABASE_URL: NOWHERE_DATABASE, LOG_LEVEL: 'silent' })),
  'mock-exchange': () =>
    createMockExchangeApp(
      validateEnv(MockExchangeConfig, { MOCK_EXCHANGE_ADMIN_KEY: 'openapi', MOCK_EXCHANGE_ORDERS_FILE: '', LOG_LEVEL: 'silent' }),
    ),
  'mock-bank': () =>
    createMockBankApp(
      validateEnv(MockBankConfig, {
        DATABASE_URL: NOWHERE_DATABASE,
        CORE_ENGINE_URL: 'http://127.0.0.1:9',
        MOCK_BANK_CORE_API_KEY: 'openapi-key',
        MOCK_BANK_WEBHOOK_SECRET: 'openapi-webhook-secret',
        MOCK_BANK_ADMIN_KEY: 'openapi',
        LOG_LEVEL: 'silent',
      }),
    ),
};

export const APP_NAMES = Object.keys(BUILDERS) as AppName[];

export function openApiFile(app: AppName): string {
  return resolve(OPENAPI_DIR, `${app}.json`);
}

/** The document `app` serves at /docs-json, built in-process (created, never initialised or listening). */
export async function buildOpenApiDocument(app: AppName): Promise<OpenAPIObject> {
  const nest = await BUILDERS[app]();
  try {
    return openApiDocumentOf(nest);
  } finally {
    await nest.close();
  }
}
