import { DynamicModule, Global, Module } from '@nestjs/common';
import { MockBankConfig } from './mock-bank-config';

/** Makes the settings the app was built with injectable everywhere. */
@Global()
@Module({})
export class MockBankConfigModule {
  static forRoot(config: MockBankConfig): DynamicModule {
    return {
      module: MockBankConfigModule,
      providers: [{ provide: MockBankConfig, useValue: config }],
      exports: [MockBankConfig],
    };
  }
}
