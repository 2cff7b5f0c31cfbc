import { randomUUID } from 'node:crypto';
import type { Context } from '@microsoft/microsoft-graph-client';
import { ChainedMiddleware } from './chain.js';
import { getRequestHeader, setRequestHeader } from './http-context.js';

/**
 * Gives each logical request a `client-request-id` (kept across retries), which Graph echoes in its
 * error bodies and which Microsoft support asks for when tracing a failed call.
 */
export class ClientRequestIdMiddleware extends ChainedMiddleware {
  constructor(private readonly newId: () => string = randomUUID) {
    super();
  }

  /** Adds the header when the caller did not set one, then sends the request on. */
  async execute(context: Context): Promise<void> {
    if (!getRequestHeader(context, 'client-request-id'))
      setRequestHeader(context, 'client-request-id', this.newId());
    await this.sendOn(context);
  }
}
