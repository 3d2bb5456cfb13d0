import { describe, expect, it } from 'vitest';
import { CapacityMeter } from '../../../../functions/sync/store/capacity.js';

describe('CapacityMeter', () => {
  it('starts at zero', () => {
    const meter = new CapacityMeter();

    expect([meter.readUnits, meter.writeUnits]).toEqual([0, 0]);
  });

  it('adds one answer, a list of answers, or none', () => {
    const meter = new CapacityMeter();
    meter.addRead({ TableName: 't', CapacityUnits: 1.5 });
    meter.addRead([
      { TableName: 't', CapacityUnits: 2 },
      { TableName: 'u', CapacityUnits: 0.5 },
    ]);
    meter.addRead(undefined);
    meter.addWrite([{ TableName: 't' }]);
    meter.addWrite({ TableName: 't', CapacityUnits: 3 });

    expect(meter.readUnits).toBe(4);
    expect(meter.writeUnits).toBe(3);
  });
});
