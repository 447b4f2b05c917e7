import { HttpModule } from '@nestjs/axios';
import { DynamicModule, Module } from '@nestjs/common';
import { Agent } from 'node:http';
import { EXCHANGE_OPTIONS, ExchangeClient, ExchangeOptions } from './exchange.client';

@Module({})
export class ExchangeModule {
  static forRoot(options: ExchangeOptions): DynamicModule {
    return {
      module: ExchangeModule,
      global: true,
      // Keep-alive: every trade calls the exchange; a new TCP connection per order would cost
      // a handshake and a socket each time.
      imports: [HttpModule.register({ baseURL: options.baseURL, timeout: options.timeoutMs, httpAgent: new Agent({ keepAlive: true }) })],
      providers: [ExchangeClient, { provide: EXCHANGE_OPTIONS, useValue: options }],
      exports: [ExchangeClient],
    };
  }
}
