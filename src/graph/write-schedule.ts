/**
 * Priority lanes of the writes into one tenant, most urgent first: taking access away (disable, delete)
 * cannot wait behind anything, changes to existing users come next, bulk creates last.
 */
export const WRITE_LANES = ['deprovision', 'update', 'create'] as const;

/** One lane of WRITE_LANES. */
export type WriteLane = (typeof WRITE_LANES)[number];

/** A request for `cost` writes by `flow` (a SyncScope, say) in `lane`. */
export interface WriteTicket {
  lane: WriteLane;
  flow: string;
  cost: number;
}

/** How the schedule shares the writes. */
export interface WriteScheduleOptions {
  /** Writes a flow may send per turn of the round-robin within a lane (one full `$batch` by default). */
  quantum?: number;
  /**
   * Writes granted to more urgent lanes while a lane waits, after which that lane is served anyway: the bound
   * on how long a steady stream of disables can hold the creates.
   */
  starvationLimit?: number;
}

/** One full `$batch` of writes. */
const DEFAULT_QUANTUM = 20;
const DEFAULT_STARVATION_LIMIT = 10 * DEFAULT_QUANTUM;

interface Flow<T> {
  queue: T[];
  deficit: number;
  /** The flow has had its quantum for the turn it is in. */
  inTurn: boolean;
}

interface Lane<T> {
  /** Flows with waiting tickets, the one whose turn it is first. */
  ring: string[];
  flows: Map<string, Flow<T>>;
  /** Writes granted to more urgent lanes since this lane was last served while waiting. */
  passedOver: number;
}

/**
 * Which waiting write goes next, without I/O or time: strict priority between lanes (bounded by
 * `starvationLimit`), deficit round-robin between flows within a lane (Shreedhar and Varghese), so a flow
 * sending full batches and one sending single writes get the same number of writes per round.
 */
export class WriteSchedule<T extends WriteTicket> {
  private readonly lanes = new Map<WriteLane, Lane<T>>(
    WRITE_LANES.map((lane) => [lane, { ring: [], flows: new Map(), passedOver: 0 }]),
  );
  private readonly quantum: number;
  private readonly starvationLimit: number;
  private waiting = 0;

  constructor(options: WriteScheduleOptions = {}) {
    this.quantum = options.quantum ?? DEFAULT_QUANTUM;
    this.starvationLimit = options.starvationLimit ?? DEFAULT_STARVATION_LIMIT;
  }

  /** Tickets waiting. */
  get size(): number {
    return this.waiting;
  }

  /** Queues a ticket behind the others of its flow. */
  enqueue(ticket: T): void {
    const lane = this.laneOf(ticket.lane);
    let flow = lane.flows.get(ticket.flow);
    if (!flow) {
      flow = { queue: [], deficit: 0, inTurn: false };
      lane.flows.set(ticket.flow, flow);
      lane.ring.push(ticket.flow);
    }
    flow.queue.push(ticket);
    this.waiting += 1;
  }

  /** Takes a waiting ticket out (its caller gave up); false when it was not waiting. */
  remove(ticket: T): boolean {
    const lane = this.laneOf(ticket.lane);
    const flow = lane.flows.get(ticket.flow);
    const at = flow?.queue.indexOf(ticket) ?? -1;
    if (!flow || at < 0) return false;
    flow.queue.splice(at, 1);
    this.waiting -= 1;
    if (flow.queue.length === 0) this.retire(lane, ticket.flow);
    return true;
  }

  /** The ticket that goes next, left waiting; the same one `take` returns unless tickets are added first. */
  peek(): T | undefined {
    const lane = this.nextLane();
    return lane && this.headOf(lane);
  }

  /** Removes and returns the ticket that goes next, charging its flow and the lanes it passed. */
  take(): T | undefined {
    const lane = this.nextLane();
    const ticket = lane && this.headOf(lane);
    if (!lane || !ticket) return undefined;
    const flow = lane.flows.get(ticket.flow) as Flow<T>;
    flow.queue.shift();
    flow.deficit -= ticket.cost;
    this.waiting -= 1;
    if (flow.queue.length === 0) this.retire(lane, ticket.flow);
    lane.passedOver = 0;
    for (const other of this.lanes.values())
      if (other !== lane && other.ring.length > 0 && this.isLessUrgent(other, lane))
        other.passedOver += ticket.cost;
    return ticket;
  }

  private laneOf(name: WriteLane): Lane<T> {
    return this.lanes.get(name) as Lane<T>;
  }

  private isLessUrgent(a: Lane<T>, b: Lane<T>): boolean {
    const order = [...this.lanes.values()];
    return order.indexOf(a) > order.indexOf(b);
  }

  /** The most urgent lane that has waited past the starvation limit, else the most urgent with tickets. */
  private nextLane(): Lane<T> | undefined {
    const busy = [...this.lanes.values()].filter((lane) => lane.ring.length > 0);
    return busy.find((lane) => lane.passedOver >= this.starvationLimit) ?? busy[0];
  }

  /**
   * The head of the flow whose turn it is: a flow starting its turn gets one quantum and sends while its
   * head fits its deficit, then the turn passes on. The ring only turns here, so peek and take agree.
   */
  private headOf(lane: Lane<T>): T | undefined {
    for (;;) {
      const name = lane.ring[0];
      if (name === undefined) return undefined;
      const flow = lane.flows.get(name) as Flow<T>;
      if (!flow.inTurn) {
        flow.deficit += this.quantum;
        flow.inTurn = true;
      }
      const head = flow.queue[0] as T;
      if (head.cost <= flow.deficit) return head;
      flow.inTurn = false;
      lane.ring.push(lane.ring.shift() as string);
    }
  }

  /** A flow with nothing waiting leaves the ring and keeps no credit, as deficit round-robin has it. */
  private retire(lane: Lane<T>, name: string): void {
    lane.flows.delete(name);
    lane.ring.splice(lane.ring.indexOf(name), 1);
    if (lane.ring.length === 0) lane.passedOver = 0;
  }
}
