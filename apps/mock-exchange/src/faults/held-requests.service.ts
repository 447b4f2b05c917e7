import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { Observable } from 'rxjs';

/** Ends the pipeline of a held request once its client is gone; nobody is left to answer. */
export class RequestAbandonedError extends Error {
  constructor() {
    super('The client closed a held request');
  }
}

/**
 * Requests the hang and loseResponses faults never answer. They stay open until the client
 * gives up; at shutdown their sockets are destroyed, because the HTTP server cannot close
 * while a request is still open (app.close() would wait forever).
 */
@Injectable()
export class HeldRequestsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(HeldRequestsService.name);
  private readonly held = new Set<ServerResponse>();

  /**
   * Never emits. Fails with RequestAbandonedError when the connection closes, so no
   * pending handler outlives its request.
   */
  hold(response: ServerResponse): Observable<never> {
    return new Observable<never>((subscriber) => {
      const release = (): void => {
        this.held.delete(response);
        subscriber.error(new RequestAbandonedError());
      };
      if (response.destroyed) {
        release();
        return;
      }
      this.held.add(response);
      response.once('close', release);
      return () => {
        response.off('close', release);
        this.held.delete(response);
      };
    });
  }

  get count(): number {
    return this.held.size;
  }

  beforeApplicationShutdown(): void {
    if (this.held.size > 0) this.logger.log(`dropping ${this.held.size} held request(s) at shutdown`);
    for (const response of [...this.held]) {
      response.destroy();
    }
  }
}
