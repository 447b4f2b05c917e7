import { HttpModule } from '@nestjs/axios';
import { DynamicModule, Module } from '@nestjs/common';
import { BankGatewayClient } from './bank-gateway.client';

@Module({})
export class BankGatewayModule {
  /** `timeoutMs`: an acknowledgement later than this counts as not given. */
  static forRoot(options: { timeoutMs: number }): DynamicModule {
    return {
      module: BankGatewayModule,
      global: true,
      imports: [HttpModule.register({ timeout: options.timeoutMs, maxRedirects: 0 })],
      providers: [BankGatewayClient],
      exports: [BankGatewayClient],
    };
  }
}
