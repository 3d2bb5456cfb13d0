import { describe, expect, it } from 'vitest';
import type { ZoomSmsSession } from '../../../functions/sync/zoom/schema.js';
import { EmulatorDataSet } from '../../../local/zoom-emulator/data-set.js';
import type { SessionQuery } from '../../../local/zoom-emulator/query.js';
import { SelectionCache } from '../../../local/zoom-emulator/selection-cache.js';

const query = (pageSize: number): SessionQuery => ({
  pageSize,
  sessionType: 'all',
  filterType: 'last_message_time',
  fromMs: Date.parse('2024-06-01T00:00:00Z'),
  toMs: Date.parse('2024-06-30T23:59:59Z'),
});

const at = (id: string, time: string): ZoomSmsSession => ({
  session_id: id,
  last_access_time: time,
});

const ids = (list: readonly ZoomSmsSession[]) => list.map((s) => s.session_id);

describe('SelectionCache', () => {
  it('selects once per query while the data set is unchanged', () => {
    const data = new EmulatorDataSet([at('a', '2024-06-10T00:00:00Z')]);
    const cache = new SelectionCache(data);

    const first = cache.select(query(30));

    expect(cache.select(query(30))).toBe(first);
    expect(cache.select(query(10))).not.toBe(first);
  });

  it.each<[string, (data: EmulatorDataSet) => void, string[]]>([
    ['add', (d) => d.add(at('b', '2024-06-11T00:00:00Z')), ['b', 'a']],
    ['upsert', (d) => d.upsert(at('a', '2024-05-01T00:00:00Z')), []],
    ['remove', (d) => d.remove('a'), []],
    ['clear', (d) => d.clear(), []],
  ])('selects afresh after %s', (_, change, expected) => {
    const data = new EmulatorDataSet([at('a', '2024-06-10T00:00:00Z')]);
    const cache = new SelectionCache(data);
    cache.select(query(30));

    change(data);

    expect(ids(cache.select(query(30)))).toEqual(expected);
  });

  it('drops the least recently used query beyond its capacity', () => {
    const data = new EmulatorDataSet([at('a', '2024-06-10T00:00:00Z')]);
    const cache = new SelectionCache(data);
    const kept = cache.select(query(1));
    const dropped = cache.select(query(2));

    for (let size = 3; size <= 17; size += 1) {
      cache.select(query(1));
      cache.select(query(size));
    }

    expect(cache.select(query(1))).toBe(kept);
    expect(cache.select(query(2))).not.toBe(dropped);
  });
});
