import { WriteSchedule, type WriteLane, type WriteTicket } from './write-schedule.js';

type Ticket = WriteTicket & { name: string };

function ticket(name: string, lane: WriteLane, flow: string, cost = 20): Ticket {
  return { name, lane, flow, cost };
}

function drain(schedule: WriteSchedule<Ticket>): string[] {
  const order: string[] = [];
  for (let t = schedule.take(); t; t = schedule.take()) order.push(t.name);
  return order;
}

describe('WriteSchedule', () => {
  it('lets deprovisions go before updates, and updates before creates, whatever the arrival order', () => {
    const schedule = new WriteSchedule<Ticket>();
    schedule.enqueue(ticket('create-1', 'create', 'a'));
    schedule.enqueue(ticket('create-2', 'create', 'a'));
    schedule.enqueue(ticket('update', 'update', 'b', 1));
    schedule.enqueue(ticket('disable', 'deprovision', 'b', 1));
    expect(drain(schedule)).toEqual(['disable', 'update', 'create-1', 'create-2']);
  });

  it('puts a disable that arrives while creates wait ahead of all of them', () => {
    const schedule = new WriteSchedule<Ticket>();
    for (let i = 0; i < 5; i++) schedule.enqueue(ticket(`create-${i}`, 'create', 'a'));
    expect(schedule.take()?.name).toBe('create-0');
    schedule.enqueue(ticket('disable', 'deprovision', 'b', 1));
    expect(schedule.peek()?.name).toBe('disable');
    expect(drain(schedule)).toEqual(['disable', 'create-1', 'create-2', 'create-3', 'create-4']);
  });

  it('alternates full batches of two flows in one lane', () => {
    const schedule = new WriteSchedule<Ticket>();
    for (let i = 0; i < 3; i++) schedule.enqueue(ticket(`a${i}`, 'create', 'a'));
    for (let i = 0; i < 3; i++) schedule.enqueue(ticket(`b${i}`, 'create', 'b'));
    expect(drain(schedule)).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
  });

  it('gives a flow of single writes as many writes per round as a flow of full batches', () => {
    const schedule = new WriteSchedule<Ticket>({ quantum: 20 });
    for (let i = 0; i < 4; i++) schedule.enqueue(ticket(`big${i}`, 'update', 'big', 20));
    for (let i = 0; i < 80; i++) schedule.enqueue(ticket(`small${i}`, 'update', 'small', 1));
    const granted = new Map<string, number>();
    // Two rounds: 40 writes each way.
    for (let written = 0; written < 80;) {
      const t = schedule.take() as Ticket;
      granted.set(t.flow, (granted.get(t.flow) ?? 0) + t.cost);
      written += t.cost;
    }
    expect(granted).toEqual(
      new Map([
        ['big', 40],
        ['small', 40],
      ]),
    );
  });

  it('keeps the order of one flow', () => {
    const schedule = new WriteSchedule<Ticket>();
    for (let i = 0; i < 4; i++) schedule.enqueue(ticket(`a${i}`, 'update', 'a', 7));
    expect(drain(schedule)).toEqual(['a0', 'a1', 'a2', 'a3']);
  });

  it('serves a waiting lane after the starvation limit, however many urgent writes keep coming', () => {
    const schedule = new WriteSchedule<Ticket>({ starvationLimit: 100 });
    schedule.enqueue(ticket('create', 'create', 'a', 20));
    const order: string[] = [];
    for (let i = 0; i < 30; i++) {
      schedule.enqueue(ticket(`disable-${i}`, 'deprovision', 'b', 10));
      order.push((schedule.take() as Ticket).name);
    }
    // Ten disables of 10 writes pass it; then it goes, then the disables again.
    expect(order.indexOf('create')).toBe(10);
    expect(order.filter((n) => n === 'create')).toHaveLength(1);
  });

  it('bounds the wait of every lane under a steady load of the others', () => {
    const schedule = new WriteSchedule<Ticket>({ starvationLimit: 40 });
    const lanes: WriteLane[] = ['deprovision', 'update', 'create'];
    const gaps = new Map<WriteLane, number>(lanes.map((l) => [l, 0]));
    const longest = new Map<WriteLane, number>(lanes.map((l) => [l, 0]));
    for (const lane of lanes) schedule.enqueue(ticket(lane, lane, lane, 20));
    const served = new Map<WriteLane, number>();
    for (let i = 0; i < 200; i++) {
      const t = schedule.take() as Ticket;
      served.set(t.lane, (served.get(t.lane) ?? 0) + 1);
      for (const lane of lanes) {
        const gap = lane === t.lane ? 0 : (gaps.get(lane) ?? 0) + t.cost;
        gaps.set(lane, gap);
        longest.set(lane, Math.max(longest.get(lane) ?? 0, gap));
      }
      schedule.enqueue(ticket(t.lane, t.lane, t.lane, 20));
    }
    // A lane waits until 40 writes passed it, plus the grant that went out when it reached the limit.
    for (const lane of lanes) expect(longest.get(lane)).toBeLessThanOrEqual(60);
    // The urgent lane waits at most for one starved grant of each other lane, and still gets the most.
    expect(longest.get('deprovision')).toBeLessThanOrEqual(40);
    expect(served.get('deprovision')).toBeGreaterThan(served.get('update') ?? 0);
    expect(served.get('update')).toBeGreaterThanOrEqual(served.get('create') ?? 0);
    expect(served.get('create')).toBeGreaterThan(0);
  });

  it('forgets a removed ticket and keeps serving the rest', () => {
    const schedule = new WriteSchedule<Ticket>();
    const gone = ticket('gone', 'update', 'a');
    schedule.enqueue(gone);
    schedule.enqueue(ticket('kept', 'update', 'b'));
    expect(schedule.remove(gone)).toBe(true);
    expect(schedule.remove(gone)).toBe(false);
    expect(schedule.size).toBe(1);
    expect(drain(schedule)).toEqual(['kept']);
  });

  it('lets a ticket dearer than the quantum through after enough rounds', () => {
    const schedule = new WriteSchedule<Ticket>({ quantum: 5 });
    schedule.enqueue(ticket('big', 'update', 'a', 12));
    schedule.enqueue(ticket('small', 'update', 'b', 1));
    expect(drain(schedule)).toEqual(['small', 'big']);
  });
});
