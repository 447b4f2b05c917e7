import { DynamicModule, Global, Module } from '@nestjs/common';
import { MockExchangeConfig } from './mock-exchange-config';

/** Makes the settings the app was built with injectable everywhere. */
@Global()
@Module({})
export class MockExchangeConfigModule {
  static forRoot(config: MockExchangeConfig): DynamicModule {
    return {
      module: MockExchangeConfigModule,
      providers: [{ provide: MockExchangeConfig, useValue: config }],
      exports: [MockExchangeConfig],
    };
  }
}
