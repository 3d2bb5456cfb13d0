import { describe, expect, it } from 'vitest';
import { SeededStream } from '../../../local/zoom-emulator/seeded-stream.js';

describe('SeededStream', () => {
  it('reads an int from the same bytes as bytes(4), across block edges', () => {
    // Offsets 0 to 3 put some of the reads across a 32-byte block edge.
    for (let lead = 0; lead < 4; lead += 1) {
      const byInt = new SeededStream('edge', lead);
      const byBytes = new SeededStream('edge', lead);
      byInt.bytes(lead);
      byBytes.bytes(lead);

      for (let i = 0; i < 20; i += 1) {
        expect(byInt.int(2 ** 32)).toBe(byBytes.bytes(4).readUInt32BE(0));
      }
    }
  });

  it('gives the same values for the same key parts, others for others', () => {
    const values = (...parts: (string | number)[]) => {
      const stream = new SeededStream(...parts);
      return Array.from({ length: 8 }, () => stream.int(1000));
    };

    expect(values('a', 1)).toEqual(values('a', 1));
    expect(values('a', 1)).not.toEqual(values('a', 2));
  });
});
