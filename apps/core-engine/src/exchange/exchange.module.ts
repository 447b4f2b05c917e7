import { HttpModule, HttpService } from '@nestjs/axios';
import { DynamicModule, Module } from '@nestjs/common';
import { Agent } from 'node:http';
import { BinanceVenue } from './binance/binance-venue';
import { EXCHANGE_OPTIONS, ExchangeClient, ExchangeOptions } from './exchange.client';
import { EXCHANGE_VENUE, ExchangeVenue } from './exchange-venue';
import { MockVenue } from './mock/mock-venue';

@Module({})
export class ExchangeModule {
  static forRoot(options: ExchangeOptions): DynamicModule {
    return {
      module: ExchangeModule,
      global: true,
      // Keep-alive: every trade calls the exchange; a new TCP connection per order would cost
      // a handshake and a socket each time.
      imports: [HttpModule.register({ baseURL: options.baseURL, timeout: options.timeoutMs, httpAgent: new Agent({ keepAlive: true }) })],
      providers: [
        ExchangeClient,
        { provide: EXCHANGE_OPTIONS, useValue: options },
        // Calls go through `http.axiosRef` (the module's configured axios instance) rather than
        // the Observable API: firstValueFrom's unsubscribe aborts every finished request, which
        // builds an error with a stack trace each time (bench/README.md: 9% of the CPU per buy).
        { provide: EXCHANGE_VENUE, useFactory: (http: HttpService) => venueFor(options, http), inject: [HttpService] },
      ],
      exports: [ExchangeClient],
    };
  }
}

/** EXCHANGE_VENUE: the design's mock contract (default) or Binance Spot REST. */
function venueFor(options: ExchangeOptions, http: HttpService): ExchangeVenue {
  if (options.venue !== 'binance') return new MockVenue(http.axiosRef, options.recvWindowMs);
  if (!options.binance) throw new Error('EXCHANGE_VENUE=binance needs BINANCE_BASE_URL, BINANCE_API_KEY, BINANCE_API_SECRET and EXCHANGE_SYMBOL');
  return new BinanceVenue({ ...options.binance, timeoutMs: options.timeoutMs, recvWindowMs: options.recvWindowMs });
}
