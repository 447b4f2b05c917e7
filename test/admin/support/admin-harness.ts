import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { validateEnv } from '@app/shared-types';
import { PrismaService } from '@app/database';
import { CoreHarness } from '../../support/core-harness';
import { createAdminApp } from '../../../apps/core-engine/src/admin/create-admin-app';
import { adminDeps } from '../../../apps/core-engine/src/admin/cli/admin-deps';
import { AdminCommandDeps } from '../../../apps/core-engine/src/admin/cli/admin-commands';
import { CoreConfig } from '../../../apps/core-engine/src/config';

/**
 * The admin surface beside a CoreHarness's Core Engine (as main.ts runs it beside the API), on
 * this run's database, with an operator and a viewer key made through the use cases (as
 * `npm run admin` makes them).
 */
export class AdminHarness {
  private constructor(
    readonly app: INestApplication,
    readonly prisma: PrismaService,
    readonly deps: AdminCommandDeps,
    readonly operatorKey: string,
    readonly viewerKey: string,
    readonly operatorName: string,
  ) {}

  static async start(core: CoreHarness): Promise<AdminHarness> {
    const config = validateEnv(CoreConfig, { DATABASE_URL: process.env.DATABASE_URL, LOG_LEVEL: process.env.TEST_LOGS ? undefined : 'silent' });
    const app = await createAdminApp(config, core.app);
    await app.init();
    const prisma = new PrismaService(process.env.DATABASE_URL as string, 2);
    const deps = adminDeps(app);
    const setup = { id: 'cli:test-setup' };
    const operatorName = `ops-${randomUUID().slice(0, 8)}`;
    const operator = await deps.operatorKeys.create(setup, { name: operatorName, role: 'OPERATOR' });
    const viewer = await deps.operatorKeys.create(setup, { name: `${operatorName}-viewer`, role: 'VIEWER' });
    return new AdminHarness(app, prisma, deps, operator.key, viewer.key, operatorName);
  }

  /**
   * A describe block's Core Engine and admin surface: started in beforeAll, stopped in afterAll
   * (registered here), read through the returned holder once the suite runs.
   */
  static suite(coreSettings: Parameters<typeof CoreHarness.start>[0] = {}): { readonly core: CoreHarness; readonly admin: AdminHarness } {
    let core: CoreHarness | undefined;
    let admin: AdminHarness | undefined;
    beforeAll(async () => {
      core = await CoreHarness.start(coreSettings);
      admin = await AdminHarness.start(core);
    });
    afterAll(async () => {
      await admin?.stop();
      await core?.stop();
    });
    const started = <T>(value: T | undefined): T => {
      if (value === undefined) throw new Error('AdminHarness.suite: read before beforeAll started it');
      return value;
    };
    return {
      get core() {
        return started(core);
      },
      get admin() {
        return started(admin);
      },
    };
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.prisma.$disconnect();
  }

  http() {
    return request(this.app.getHttpServer());
  }

  /** A request with the operator key (role OPERATOR) unless another key is given. */
  get(path: string, key = this.operatorKey) {
    return this.http().get(path).set('x-operator-key', key);
  }

  post(path: string, body: object = {}, key = this.operatorKey) {
    return this.http().post(path).set('x-operator-key', key).send(body);
  }

  patch(path: string, body: object, key = this.operatorKey) {
    return this.http().patch(path).set('x-operator-key', key).send(body);
  }

  put(path: string, body: object, key = this.operatorKey) {
    return this.http().put(path).set('x-operator-key', key).send(body);
  }
}
