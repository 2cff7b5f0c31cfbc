import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/** A middleware that hands the request on to the next one in the SDK's chain. */
export abstract class ChainedMiddleware implements Middleware {
  private next: Middleware | undefined;

  /** Handles the request; implementations call `sendOn` once per attempt. */
  abstract execute(context: Context): Promise<void>;

  /** Links the next middleware in the chain. */
  setNext(next: Middleware): void {
    this.next = next;
  }

  /** Passes the request to the rest of the chain, which leaves the answer in `context.response`. */
  protected async sendOn(context: Context): Promise<void> {
    if (!this.next) throw new Error(`${this.constructor.name} has no next middleware to send the request`);
    await this.next.execute(context);
  }
}
