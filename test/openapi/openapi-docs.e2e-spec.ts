import { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { validateEnv } from '@app/shared-types';
import { CoreConfig } from '../../apps/core-engine/src/config';
import { createCoreApp } from '../../apps/core-engine/src/create-app';
import { MockBankConfig } from '../../apps/mock-bank/src/config';
import { createMockBankApp } from '../../apps/mock-bank/src/create-app';
import { MockExchangeConfig } from '../../apps/mock-exchange/src/config';
import { createMockExchangeApp } from '../../apps/mock-exchange/src/create-app';
import { AppName, openApiFile } from '../../scripts/openapi/openapi-documents';

// Each app as main.ts builds it, on this run's database: Swagger UI at /docs (its assets
// from the swagger-ui-dist package, so no internet), the document at /docs-json.

const silent = process.env.TEST_LOGS ? undefined : 'silent';

const APPS: { name: AppName; build: () => Promise<INestApplication> }[] = [
  {
    name: 'core-engine',
    // A rate limit of 1 per second: the docs must not count against it.
    build: () =>
      createCoreApp(
        validateEnv(CoreConfig, {
          DATABASE_URL: process.env.DATABASE_URL,
          RATE_LIMIT_PER_SECOND: '1',
          RATE_LIMIT_PER_ADDRESS_PER_SECOND: '1',
          LOG_LEVEL: silent,
        }),
      ),
  },
  {
    name: 'mock-exchange',
    build: () =>
      createMockExchangeApp(
        validateEnv(MockExchangeConfig, { MOCK_EXCHANGE_ADMIN_KEY: 'docs-tests', MOCK_EXCHANGE_ORDERS_FILE: '', LOG_LEVEL: silent }),
      ),
  },
  {
    name: 'mock-bank',
    build: () =>
      createMockBankApp(
        validateEnv(MockBankConfig, {
          DATABASE_URL: process.env.DATABASE_URL,
          MOCK_BANK_CORE_API_KEY: 'docs-tests-key',
          MOCK_BANK_WEBHOOK_SECRET: 'docs-tests-webhook-secret',
          MOCK_BANK_ADMIN_KEY: 'docs-tests',
          LOG_LEVEL: silent,
        }),
      ),
  },
];

describe.each(APPS)('$name: GET /docs (e2e)', ({ name, build }) => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await build();
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers Swagger UI as HTML, with its scripts served by the app itself', async () => {
    const page = await request(app.getHttpServer()).get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<div id="swagger-ui"></div>');
    const scripts = [...page.text.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual(['./docs/swagger-ui-bundle.js', './docs/swagger-ui-standalone-preset.js', './docs/swagger-ui-init.js']);
    for (const script of scripts) {
      const res = await request(app.getHttpServer()).get(script.replace(/^\./, '')).expect(200);
      expect({ script, type: res.headers['content-type'] }).toEqual({ script, type: expect.stringMatching(/javascript/) });
    }
    await request(app.getHttpServer()).get('/docs/swagger-ui.css').expect(200);
  });

  it('answers at /docs-json the document committed in docs/openapi', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(JSON.parse(readFileSync(openApiFile(name), 'utf8')));
  });
});

describe('core-engine: the docs without an API key or a rate limit (e2e)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await APPS[0].build();
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers every request, none of them 401 or 429', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await request(app.getHttpServer()).get('/docs-json')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it("keeps helmet's policy on the docs but lets the page load its assets over plain http", async () => {
    const docs = await request(app.getHttpServer()).get('/docs').expect(200);
    expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
    expect(docs.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const api = await request(app.getHttpServer()).get('/api/v1/users/x/balances');
    expect(api.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });
});
