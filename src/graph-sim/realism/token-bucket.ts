/** A token bucket that refills `capacity` tokens evenly over `windowMs`, the shape of Graph's throttling limits. */
export class TokenBucket {
  private tokens: number;
  private updatedMs: number;

  constructor(
    readonly capacity: number,
    readonly windowMs: number,
    nowMs: number,
  ) {
    this.tokens = capacity;
    this.updatedMs = nowMs;
  }

  private refill(nowMs: number): void {
    if (nowMs > this.updatedMs) {
      this.tokens = Math.min(
        this.capacity,
        this.tokens + ((nowMs - this.updatedMs) * this.capacity) / this.windowMs,
      );
    }
    this.updatedMs = Math.max(this.updatedMs, nowMs);
  }

  /** Tokens available at `nowMs`. */
  available(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens;
  }

  /** Fraction of the capacity in use at `nowMs` (0..1). */
  usedFraction(nowMs: number): number {
    return 1 - this.available(nowMs) / this.capacity;
  }

  /** Seconds until `cost` tokens are available (0 when they are now). */
  secondsUntil(cost: number, nowMs: number): number {
    const missing = cost - this.available(nowMs);
    return missing <= 0 ? 0 : Math.ceil((missing * this.windowMs) / this.capacity / 1000);
  }

  /** Takes `cost` tokens (callers check `secondsUntil` first so all scopes are charged or none). */
  take(cost: number, nowMs: number): void {
    this.refill(nowMs);
    this.tokens -= cost;
  }
}
