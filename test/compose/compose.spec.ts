import { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseEnv } from 'dotenv';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { validateEnv } from '@app/shared-types';
import { CoreConfig } from '../../apps/core-engine/src/config';
import { createCoreApp } from '../../apps/core-engine/src/create-app';
import { MockBankConfig } from '../../apps/mock-bank/src/config';
import { createMockBankApp } from '../../apps/mock-bank/src/create-app';
import { MockExchangeConfig } from '../../apps/mock-exchange/src/config';
import { createMockExchangeApp } from '../../apps/mock-exchange/src/create-app';
import { MockExchangeHandle, startMockExchange } from '../support/mock-exchange-harness';

// There is no Docker engine on these machines: this checks what can be checked without one.

const ROOT = resolve(__dirname, '../..');
const read = (file: string) => readFileSync(resolve(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  deploy?: { replicas?: number };
  labels?: Record<string, string>;
  networks?: Record<string, { ipv4_address?: string } | null>;
}

const composeText = read('docker-compose.yml');
const compose = parseYaml(composeText, { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const envExample = parseEnv(read('.env.example'));
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const dockerfile = read('Dockerfile');
const nestCli = JSON.parse(read('nest-cli.json')) as { projects: Record<string, { entryFile: string }> };

/** The database URL compose gives the apps (the x-database-url anchor). */
const COMPOSE_DATABASE_URL = services['core-engine'].environment?.DATABASE_URL as string;

interface AppSpec {
  service: string;
  portVariable: string;
  /** The path its compose health check polls: /ready where readiness has dependencies worth waiting for. */
  healthPath: '/health' | '/ready';
  config: new () => object;
  build: (env: Record<string, string | undefined>) => Promise<INestApplication>;
}

const APPS: AppSpec[] = [
  {
    service: 'core-engine',
    portVariable: 'CORE_ENGINE_PORT',
    healthPath: '/ready',
    config: CoreConfig,
    build: (env) => createCoreApp(validateEnv(CoreConfig, env)),
  },
  {
    service: 'mock-exchange',
    portVariable: 'MOCK_EXCHANGE_PORT',
    healthPath: '/health',
    config: MockExchangeConfig,
    build: (env) => createMockExchangeApp(validateEnv(MockExchangeConfig, env)),
  },
  {
    service: 'mock-bank',
    portVariable: 'MOCK_BANK_PORT',
    healthPath: '/health',
    config: MockBankConfig,
    build: (env) => createMockBankApp(validateEnv(MockBankConfig, env)),
  },
];

/** What a service's container sees: .env (= .env.example) with the service's own environment on top. */
function containerEnv(service: Service): Record<string, string> {
  return { ...envExample, ...interpolateAll(service.environment ?? {}) };
}

function interpolate(text: string): string {
  return text.replace(/\$\{(\w+)(?::?-[^}]*)?\}/g, (_, name: string) => envExample[name] ?? '');
}

function interpolateAll(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, interpolate(String(v))]));
}

function commandText(service: Service): string {
  return Array.isArray(service.command) ? service.command.join(' ') : (service.command ?? '');
}

function npmScriptsIn(text: string): string[] {
  const shell = [...text.matchAll(/npm run (?:--\S+ )*([\w:.-]+)/g)].map((m) => m[1]);
  const exec = [...text.matchAll(/"npm",\s*"run",\s*"([\w:.-]+)"/g)].map((m) => m[1]);
  return [...shell, ...exec];
}

function expectValidDependsOn(services: Record<string, Service>): void {
  const conditions = ['service_started', 'service_healthy', 'service_completed_successfully'];
  for (const [name, service] of Object.entries(services)) {
    for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
      expect({ name, target, known: target in services }).toEqual({ name, target, known: true });
      expect(conditions).toContain(condition);
      if (condition === 'service_healthy') expect({ target, healthcheck: !!services[target].healthcheck }).toEqual({ target, healthcheck: true });
      if (condition === 'service_completed_successfully') expect({ target, restart: services[target].restart }).toEqual({ target, restart: 'no' });
    }
  }
  const visiting = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    if (path.includes(name)) throw new Error(`depends_on cycle: ${[...path, name].join(' -> ')}`);
    if (visiting.has(name)) return;
    visiting.add(name);
    for (const target of Object.keys(services[name].depends_on ?? {})) visit(target, [...path, name]);
  };
  Object.keys(services).forEach((name) => visit(name, []));
}

describe('docker-compose.yml', () => {
  it('parses, with PostgreSQL, the migration, the three apps and the e2e script', () => {
    expect(Object.keys(services).sort()).toEqual(['core-engine', 'e2e', 'migrate', 'mock-bank', 'mock-exchange', 'postgres']);
    for (const name of ['migrate', 'mock-exchange', 'core-engine', 'mock-bank', 'e2e']) {
      expect(services[name]).toMatchObject({ build: '.', image: 'crypto-core:local' });
    }
  });

  it('uses only variables that .env.example defines', () => {
    const used = [...composeText.matchAll(/\$\{?(\w+)/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(0);
    expect([...new Set(used)].filter((name) => !(name in envExample))).toEqual([]);
  });

  it('runs only npm scripts that package.json has (compose and Dockerfile)', () => {
    const used = [...Object.values(services).map(commandText), dockerfile].flatMap(npmScriptsIn);
    expect(used).toEqual(
      expect.arrayContaining(['start:core-engine', 'start:mock-exchange', 'start:mock-bank', 'db:migrate', 'db:seed', 'e2e:bank']),
    );
    expect(used.filter((name) => !(name in scripts))).toEqual([]);
  });

  it('starts each app with the script that runs what nest build writes for it', () => {
    for (const { service } of APPS) {
      expect(services[service].command).toEqual(['npm', 'run', `start:${service}`]);
      // Node flags may come first (the Core Engine's heap limit); the file is what nest build writes.
      expect(scripts[`start:${service}`]).toMatch(
        new RegExp(`^node (--[a-z-]+=\\d+ )*dist/apps/${service}/${nestCli.projects[service].entryFile}\\.js$`),
      );
    }
  });

  it('has valid depends_on: known services, known conditions, health checks where health is awaited, no cycles', () => {
    expectValidDependsOn(services);
  });

  it('points the containers at each other by service name and the apps port variables', () => {
    const urls = Object.values(services).flatMap((s) => Object.values(s.environment ?? {}).filter((v) => /^https?:\/\//.test(String(v))));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      const [, host, portVariable] = /^https?:\/\/([\w-]+):\$\{(\w+)\}/.exec(String(url)) ?? [];
      const app = APPS.find((a) => a.service === host);
      expect({ url, app: app?.service, port: app?.portVariable }).toEqual({ url, app: host, port: portVariable });
    }
  });

  it('gives every app settings it accepts at boot (.env.example plus the compose environment)', () => {
    for (const app of APPS) {
      expect(() => validateEnv(app.config, containerEnv(services[app.service]))).not.toThrow();
    }
    // The migrate service seeds with the same file.
    const seedEnv = containerEnv(services.migrate);
    expect(seedEnv).toMatchObject({ DATABASE_URL: COMPOSE_DATABASE_URL, MOCK_BANK_URL: `http://mock-bank:${envExample.MOCK_BANK_PORT}` });
    for (const name of ['DEMO_BANK_API_KEY', 'DEMO_BANK_WEBHOOK_SECRET']) expect(seedEnv[name]).toBeTruthy();
  });

  it('gives the Mock Bank the key and the secret the seed gives the demo bank', () => {
    expect(envExample.MOCK_BANK_CORE_API_KEY).toBe(envExample.DEMO_BANK_API_KEY);
    expect(envExample.MOCK_BANK_WEBHOOK_SECRET).toBe(envExample.DEMO_BANK_WEBHOOK_SECRET);
  });

  describe.each(APPS)('$service', (app) => {
    let nest: INestApplication | undefined;
    let exchange: MockExchangeHandle | undefined;

    afterAll(async () => {
      await nest?.close();
      await exchange?.close();
    });

    it('publishes the port variable whose .env.example value is the app default', () => {
      const service = services[app.service];
      expect(service.ports).toEqual([`\${${app.portVariable}}:\${${app.portVariable}}`]);
      const defaults = new app.config() as Record<string, unknown>;
      expect(String(defaults[app.portVariable])).toBe(envExample[app.portVariable]);
    });

    it(`checks health at ${app.healthPath} on that port, and the app answers 200 there`, async () => {
      const test = services[app.service].healthcheck?.test.join(' ') ?? '';
      expect(test).toContain(`process.env.${app.portVariable}`);
      expect(test).toContain(`'${app.healthPath}'`);

      // Readiness of the core includes the exchange: a real one stands in for the mock-exchange service.
      exchange = app.healthPath === '/ready' ? await startMockExchange() : undefined;
      nest = await app.build({
        ...envExample,
        DATABASE_URL: process.env.DATABASE_URL,
        LOG_LEVEL: process.env.TEST_LOGS ? undefined : 'silent',
        ...(exchange && { EXCHANGE_URL: exchange.url }),
      });
      await nest.init();
      const res = await request(nest.getHttpServer()).get(app.healthPath);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok' });
    });
  });
});

describe('Dockerfile', () => {
  it('builds in one stage and runs from another, copying what the compose commands need', () => {
    expect(dockerfile).toMatch(/^FROM \S+ AS build$/m);
    expect(dockerfile).toMatch(/^FROM \S+ AS runtime$/m);
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    for (const path of ['node_modules', 'generated', 'dist', 'prisma', 'scripts', 'apps', 'libs']) {
      expect(dockerfile).toContain(`COPY --from=build /app/${path} ./${path}`);
    }
  });
});

/**
 * docker-compose.replicas.yml, as `docker compose -f docker-compose.yml -f docker-compose.replicas.yml`
 * merges it: mappings (environment, labels, depends_on) key by key, lists added to, `!reset` emptied,
 * anything else replaced.
 */
describe('docker-compose.replicas.yml (three replicas behind Traefik, rate limits in Redis)', () => {
  const RESET = Symbol('reset');
  const overrideText = read('docker-compose.replicas.yml');
  const override = parseYaml(overrideText, {
    customTags: [{ tag: '!reset', collection: 'seq', resolve: () => RESET }],
  }) as {
    services: Record<string, Record<string, unknown>>;
    networks?: Record<string, { ipam?: { config?: { subnet: string; ip_range?: string }[] } }>;
  };
  const mergeValue = (base: unknown, over: unknown): unknown => {
    if (over === RESET) return undefined;
    if (Array.isArray(over)) return [...(Array.isArray(base) ? base : []), ...over];
    if (over && typeof over === 'object' && base && typeof base === 'object')
      return Object.fromEntries(
        [...new Set([...Object.keys(base), ...Object.keys(over)])].map((k) => [k, mergeValue((base as never)[k], (over as never)[k])]),
      );
    return over ?? base;
  };
  const merged = Object.fromEntries(
    [...new Set([...Object.keys(services), ...Object.keys(override.services)])].map((name) => [
      name,
      mergeValue(services[name], override.services[name]) as Service,
    ]),
  );
  const core = merged['core-engine'];
  const lb = merged.lb;
  const lbCommand = commandText(lb);

  it('adds Redis and the load balancer, and runs three core-engine containers that publish no port', () => {
    expect(Object.keys(merged).sort()).toEqual(['core-engine', 'e2e', 'lb', 'migrate', 'mock-bank', 'mock-exchange', 'postgres', 'redis']);
    expect(core.deploy?.replicas).toBe(3);
    expect(core.ports).toBeUndefined();
    expect(lb.ports).toEqual(['${CORE_ENGINE_PORT}:${CORE_ENGINE_PORT}']);
    expect(merged.redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expectValidDependsOn(merged);
    expect(core.depends_on).toMatchObject({ redis: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' } });
  });

  it('uses only variables that .env.example defines', () => {
    const used = [...overrideText.matchAll(/\$\{?(\w+)/g)].map((m) => m[1]);
    expect([...new Set(used)].filter((name) => !(name in envExample))).toEqual([]);
  });

  it('gives the replicas settings they accept, their rate limits counted in the redis service', () => {
    const env = containerEnv(core);
    const config = validateEnv(CoreConfig, env);
    expect(config.REDIS_URL).toBe('redis://redis:6379');
    // redis-server's default port: the command sets none.
    expect(commandText(merged.redis)).not.toContain('--port');
  });

  it('balances on the API port over the replicas whose GET /ready answers 200', () => {
    const labels = core.labels ?? {};
    expect(labels['traefik.enable']).toBe('true');
    const entrypoint = labels['traefik.http.routers.core-engine.entrypoints'];
    expect(lbCommand).toContain(`--entrypoints.${entrypoint}.address=:\${CORE_ENGINE_PORT}`);
    expect(labels['traefik.http.services.core-engine.loadbalancer.server.port']).toBe('${CORE_ENGINE_PORT}');
    expect(labels['traefik.http.services.core-engine.loadbalancer.healthcheck.path']).toBe('/ready');
    expect(lbCommand).toContain('--providers.docker.exposedbydefault=false');
    // Its own health check needs the ping endpoint it enables.
    expect(lbCommand).toContain('--ping=true');
    expect(lb.healthcheck?.test).toEqual(['CMD', 'traefik', 'healthcheck', '--ping']);
    expect(lb.depends_on).toEqual({ 'core-engine': { condition: 'service_healthy' } });
  });

  it("trusts X-Forwarded-For from the load balancer's fixed address alone, outside the range Docker hands out", () => {
    const config = validateEnv(CoreConfig, containerEnv(core));
    const address = lb.networks?.default?.ipv4_address;
    expect(config.TRUSTED_PROXIES).toBe(address);
    // The base file trusts no one (one container, its port published).
    expect(validateEnv(CoreConfig, containerEnv(services['core-engine'])).TRUSTED_PROXIES).toBe('');
    const [pool] = override.networks?.default?.ipam?.config ?? [];
    const inRange = (ip: string, cidr: string) => {
      const [base, bits] = cidr.split('/');
      const toInt = (a: string) => a.split('.').reduce((n, part) => n * 256 + Number(part), 0);
      const size = 2 ** (32 - Number(bits));
      return Math.floor(toInt(ip) / size) === Math.floor(toInt(base) / size);
    };
    expect(pool?.subnet && pool.ip_range && address).toBeTruthy();
    expect({ inSubnet: inRange(address!, pool.subnet), inDynamicRange: inRange(address!, pool.ip_range!) }).toEqual({
      inSubnet: true,
      inDynamicRange: false,
    });
  });

  it('sends the Mock Bank and the e2e script through the load balancer', () => {
    for (const name of ['mock-bank', 'e2e']) {
      expect(merged[name].environment?.CORE_ENGINE_URL).toBe('http://lb:${CORE_ENGINE_PORT}');
      expect(merged[name].depends_on?.lb).toEqual({ condition: 'service_healthy' });
    }
  });
});
