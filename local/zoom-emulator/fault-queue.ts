import type {
  FaultEndpoint,
  InjectFaultOptions,
  ZoomFault,
} from './fault-types.js';

interface FaultRule {
  fault: ZoomFault;
  endpoint: FaultEndpoint;
  skip: number;
  count: number;
}

/**
 * Injected faults, first in first out. Every rule counts the requests to
 * its endpoint on its own: each one it sees uses up its `skip` first,
 * even if another rule faults that request. Of the rules whose `skip` is
 * used up, only the oldest applies, so a request gets at most one fault;
 * a rule leaves the queue once it has faulted `count` requests.
 */
export class FaultQueue {
  #rules: FaultRule[] = [];
  #applied = 0;

  add(fault: ZoomFault, options: InjectFaultOptions = {}): void {
    const skip = options.skip ?? 0;
    const count = options.count ?? 1;
    if (!Number.isInteger(skip) || skip < 0) {
      throw new RangeError(`skip must be a whole number, got ${skip}`);
    }
    if (!(Number.isInteger(count) || count === Infinity) || count < 1) {
      throw new RangeError(`count must be a positive integer, got ${count}`);
    }
    validateFault(fault);

    const endpoint = options.endpoint ?? 'sessions';
    this.#rules.push({ fault: structuredClone(fault), endpoint, skip, count });
  }

  /** The fault for the next request to `endpoint`, if any applies. */
  take(endpoint: FaultEndpoint): ZoomFault | undefined {
    let chosen: FaultRule | undefined;
    for (const rule of this.#rules) {
      if (rule.endpoint !== endpoint) continue;
      if (rule.skip > 0) {
        rule.skip -= 1;
        continue;
      }
      chosen ??= rule;
    }
    if (chosen === undefined) return undefined;

    chosen.count -= 1;
    if (chosen.count === 0) {
      this.#rules = this.#rules.filter((rule) => rule !== chosen);
    }
    this.#applied += 1;

    return chosen.fault;
  }

  clear(): void {
    this.#rules = [];
  }

  /** How many requests got a fault, cleared rules included. */
  get applied(): number {
    return this.#applied;
  }
}

function validateFault(fault: ZoomFault): void {
  if (fault.kind === 'slow') {
    if (!Number.isFinite(fault.delayMs) || fault.delayMs < 0) {
      throw new RangeError(`delayMs must be >= 0, got ${fault.delayMs}`);
    }
  }
  if (fault.kind === 'server_error') {
    if (![500, 502, 503].includes(fault.status)) {
      throw new RangeError(`status must be 500, 502 or 503`);
    }
  }
  if (fault.kind === 'rate_limit_qps' || fault.kind === 'rate_limit_daily') {
    const retryAfter = fault.retryAfter;
    if (retryAfter !== undefined && retryAfter.form !== 'none') {
      const { seconds } = retryAfter;
      if (!Number.isFinite(seconds) || seconds < 0) {
        throw new RangeError(
          `Retry-After seconds must be >= 0, got ${seconds}`,
        );
      }
    }
  }
}
