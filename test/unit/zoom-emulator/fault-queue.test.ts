import { describe, expect, it } from 'vitest';
import { FaultQueue } from '../../../local/zoom-emulator/fault-queue.js';
import type {
  FaultEndpoint,
  ZoomFault,
} from '../../../local/zoom-emulator/fault-types.js';

const fault = (status: 500 | 502 | 503): ZoomFault => ({
  kind: 'server_error',
  status,
});

/** The status each of the next `times` requests gets; 200 for none. */
function drain(
  queue: FaultQueue,
  times: number,
  endpoint: FaultEndpoint = 'sessions',
): number[] {
  return Array.from({ length: times }, () => {
    const taken = queue.take(endpoint);
    return taken?.kind === 'server_error' ? taken.status : 200;
  });
}

describe('FaultQueue', () => {
  it('applies nothing when empty', () => {
    const queue = new FaultQueue();

    expect(drain(queue, 2)).toEqual([200, 200]);
    expect(queue.applied).toBe(0);
  });

  it('skips, then faults count requests, then lets requests through', () => {
    const queue = new FaultQueue();
    queue.add(fault(503), { skip: 1, count: 2 });

    expect(drain(queue, 5)).toEqual([200, 503, 503, 200, 200]);
    expect(queue.applied).toBe(2);
  });

  it('gives a request at most one fault, the oldest applicable', () => {
    const queue = new FaultQueue();
    queue.add(fault(500));
    queue.add(fault(502));

    expect(drain(queue, 3)).toEqual([500, 502, 200]);
  });

  it('counts skips per rule, whichever rule faults the request', () => {
    const queue = new FaultQueue();
    queue.add(fault(500), { count: 3 });
    queue.add(fault(502), { skip: 2 });

    expect(drain(queue, 5)).toEqual([500, 500, 500, 502, 200]);
  });

  it('keeps the rules of each endpoint apart', () => {
    const queue = new FaultQueue();
    queue.add(fault(502), { endpoint: 'oauth' });

    expect(drain(queue, 2, 'sessions')).toEqual([200, 200]);
    expect(drain(queue, 2, 'oauth')).toEqual([502, 200]);
  });

  it('keeps faulting with count Infinity until cleared', () => {
    const queue = new FaultQueue();
    queue.add(fault(500), { count: Number.POSITIVE_INFINITY });

    expect(drain(queue, 100).every((status) => status === 500)).toBe(true);
    queue.clear();
    expect(drain(queue, 1)).toEqual([200]);
    expect(queue.applied).toBe(100);
  });

  it('hands out a copy, so changing the injected fault changes nothing', () => {
    const queue = new FaultQueue();
    const slow: ZoomFault = { kind: 'slow', delayMs: 10 };
    queue.add(slow);
    slow.delayMs = 99;

    expect(queue.take('sessions')).toEqual({ kind: 'slow', delayMs: 10 });
  });

  it.each<[string, ZoomFault]>([
    ['a negative delay', { kind: 'slow', delayMs: -1 }],
    ['an endless delay', { kind: 'slow', delayMs: Number.POSITIVE_INFINITY }],
    // A caller without the types can still send a status not listed.
    ['another status', JSON.parse('{"kind":"server_error","status":504}')],
    [
      'negative Retry-After seconds',
      { kind: 'rate_limit_qps', retryAfter: { form: 'seconds', seconds: -1 } },
    ],
  ])('rejects %s', (_, bad) => {
    expect(() => new FaultQueue().add(bad)).toThrow(RangeError);
  });
});
