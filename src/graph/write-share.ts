/** The writes one flow was granted in a window, beside all writes granted into the tenant in it. */
export interface WriteShare {
  windowSeconds: number;
  writes: number;
  tenantWrites: number;
}

/**
 * Writes granted per flow over a sliding window, counted in one-second slots so that memory stays bounded
 * however many writes go through; a flow's share is the one the pacer actually gave it, not its weight.
 */
export class WriteShareWindow {
  /** Per flow: writes per second slot, keyed by the slot's start (whole seconds since the epoch). */
  private readonly slots = new Map<string, Map<number, number>>();

  constructor(readonly windowSeconds: number) {}

  /** Counts `writes` granted to `flow` at `now` (ms since the epoch). */
  record(flow: string, writes: number, now: number): void {
    const slot = Math.floor(now / 1000);
    const flowSlots = this.slots.get(flow) ?? new Map<number, number>();
    flowSlots.set(slot, (flowSlots.get(slot) ?? 0) + writes);
    this.slots.set(flow, flowSlots);
    this.prune(now);
  }

  /** What `flow` was granted in the window ending at `now`, and all flows together. */
  shareOf(flow: string, now: number): WriteShare {
    this.prune(now);
    let tenantWrites = 0;
    let writes = 0;
    for (const [name, flowSlots] of this.slots) {
      const sum = [...flowSlots.values()].reduce((a, b) => a + b, 0);
      tenantWrites += sum;
      if (name === flow) writes = sum;
    }
    return { windowSeconds: this.windowSeconds, writes, tenantWrites };
  }

  private prune(now: number): void {
    const oldest = Math.floor(now / 1000) - this.windowSeconds + 1;
    for (const [name, flowSlots] of this.slots) {
      for (const slot of flowSlots.keys()) if (slot < oldest) flowSlots.delete(slot);
      if (flowSlots.size === 0) this.slots.delete(name);
    }
  }
}
