// What Entra's job cannot be asked to do for a SyncScope, found before anything is written: a reason and a
// message for the SyncScope's Ready condition, never a retry that would write half a configuration.
import type { ReadyReason } from '../api/index.js';

/** A configuration the job cannot take as it stands; the SyncScope stalls with `reason` until its spec changes. */
export class EntraRefusal extends Error {
  constructor(
    readonly reason: ReadyReason<'SyncScope'>,
    message: string,
  ) {
    super(message);
    this.name = 'EntraRefusal';
  }
}
