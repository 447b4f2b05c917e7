import { HttpModule } from '@nestjs/axios';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { DEFAULT_OUTBOX_DISPATCHER_OPTIONS, OUTBOX_DISPATCHER_OPTIONS, OutboxDispatcher, OutboxDispatcherOptions } from './outbox-dispatcher.service';
import { OutboxService } from './outbox.service';

export { DEFAULT_OUTBOX_DISPATCHER_OPTIONS, OUTBOX_DISPATCHER_OPTIONS } from './outbox-dispatcher.service';
export type { OutboxDispatcherOptions } from './outbox-dispatcher.service';

/**
 * The transactional outbox: OutboxService writes events inside the use cases' transactions,
 * OutboxDispatcher delivers them for as long as the app runs (started and stopped by the
 * app's lifecycle). Imported as is, the dispatcher runs with the defaults; forRoot sets
 * options (settings left undefined keep their default).
 */
@Global()
@Module({
  imports: [HttpModule],
  providers: [OutboxService, OutboxDispatcher, { provide: OUTBOX_DISPATCHER_OPTIONS, useValue: DEFAULT_OUTBOX_DISPATCHER_OPTIONS }],
  exports: [OutboxService],
})
export class OutboxModule {
  static forRoot(options: Partial<OutboxDispatcherOptions> = {}): DynamicModule {
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    return {
      module: OutboxModule,
      // Replaces the default options provider declared above (same token, declared later).
      providers: [{ provide: OUTBOX_DISPATCHER_OPTIONS, useValue: { ...DEFAULT_OUTBOX_DISPATCHER_OPTIONS, ...defined } }],
    };
  }
}
