import { HttpModule } from '@nestjs/axios';
import { DynamicModule, Module } from '@nestjs/common';
import { ExchangeClient } from './exchange.client';

@Module({})
export class ExchangeModule {
  static forRoot(options: { baseURL: string; timeoutMs: number }): DynamicModule {
    return {
      module: ExchangeModule,
      global: true,
      imports: [HttpModule.register({ baseURL: options.baseURL, timeout: options.timeoutMs })],
      providers: [ExchangeClient],
      exports: [ExchangeClient],
    };
  }
}
