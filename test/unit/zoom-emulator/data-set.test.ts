import { describe, expect, it } from 'vitest';
import type { ZoomSmsSession } from '../../../functions/sync/zoom/schema.js';
import { EmulatorDataSet } from '../../../local/zoom-emulator/index.js';

const s = (id: string, note = ''): ZoomSmsSession => ({
  session_id: id,
  session_type: 'user',
  note,
});

const notes = (data: EmulatorDataSet) =>
  data.all().map((x) => `${x.session_id}${x.note ? `:${x.note}` : ''}`);

describe('EmulatorDataSet', () => {
  it('keeps duplicates that are added, in insertion order', () => {
    const data = new EmulatorDataSet([s('a')]);
    data.add(s('b'), s('a'));

    expect(notes(data)).toEqual(['a', 'b', 'a']);
    expect(data.size).toBe(3);
  });

  it('upsert replaces every entry with the id by one, in the place of the first', () => {
    const data = new EmulatorDataSet([s('a'), s('b'), s('a'), s('c')]);
    data.upsert(s('a', 'new'));

    expect(notes(data)).toEqual(['a:new', 'b', 'c']);
  });

  it('upsert appends a session it does not hold yet', () => {
    const data = new EmulatorDataSet([s('a')]);
    data.upsert(s('b'));

    expect(notes(data)).toEqual(['a', 'b']);
  });

  it('upsert appends a session without a session_id', () => {
    const data = new EmulatorDataSet([{ session_type: 'user' }]);
    data.upsert({ session_type: 'call_queue' });

    expect(data.size).toBe(2);
  });

  it('remove drops every entry with the id and says how many', () => {
    const data = new EmulatorDataSet([s('a'), s('b'), s('a')]);

    expect(data.remove('a')).toBe(2);
    expect(data.remove('missing')).toBe(0);
    expect(notes(data)).toEqual(['b']);
  });

  it('clear empties the data set', () => {
    const data = new EmulatorDataSet([s('a'), s('b')]);
    data.clear();

    expect(data.all()).toEqual([]);
  });

  it('copies records on the way in and on the way out', () => {
    const given = s('a', 'original');
    const data = new EmulatorDataSet([given]);
    given.note = 'changed by the caller';
    const taken = data.all();
    (taken[0] as ZoomSmsSession).note = 'changed by a reader';

    expect(notes(data)).toEqual(['a:original']);
  });
});
