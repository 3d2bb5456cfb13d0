import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';

const total = (consumed: ConsumedCapacity | ConsumedCapacity[] | undefined) =>
  [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);

/** Capacity units a store consumed, from ReturnConsumedCapacity: TOTAL. */
export class CapacityMeter {
  readUnits = 0;
  writeUnits = 0;

  addRead(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): void {
    this.readUnits += total(consumed);
  }

  addWrite(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): void {
    this.writeUnits += total(consumed);
  }
}
