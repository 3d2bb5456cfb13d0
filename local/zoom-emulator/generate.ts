import { hash } from 'node:crypto';
import type {
  ZoomParticipant,
  ZoomSmsSession,
} from '../../functions/sync/zoom/schema.js';
import { SlotGrid } from './grid.js';
import {
  type Line,
  linePools,
  OWNER_TYPES,
  type OwnedType,
  phoneNumber,
} from './lines.js';
import { FIRST_NAMES, LAST_NAMES } from './names.js';
import { SeededStream } from './seeded-stream.js';
import { formatZoomTime } from './time.js';

export interface GenerateOptions {
  seed: string;
  /** Inclusive bounds on last_access_time. */
  from: Date;
  to: Date;
  /** Sessions per UTC day; 48 (one per half hour) unless given. */
  perDay?: number;
}

/**
 * Realistic sessions for the window, the same bytes for the same options.
 *
 * Slot k of the epoch-anchored grid (see SlotGrid) yields one session
 * whose id depends on (seed, k) alone and whose other fields on (seed, k)
 * and the grid, so data generated for overlapping windows agrees on the
 * overlap no matter when it is generated. Sessions come in slot order.
 */
export function generateSessions(options: GenerateOptions): ZoomSmsSession[] {
  const grid = new SlotGrid(options.perDay ?? 48);
  const fromMs = options.from.getTime();
  const toMs = options.to.getTime();
  if (Number.isNaN(fromMs) || Number.isNaN(toMs) || toMs < fromMs) {
    throw new RangeError('generateSessions needs valid dates with from <= to');
  }

  const pools = linePools(options.seed);
  const sessions: ZoomSmsSession[] = [];
  for (let k = grid.slotAt(fromMs); grid.start(k) <= toMs; k += 1) {
    const stream = new SeededStream(options.seed, k);
    const [first, count] = grid.seconds(k);
    const time = (first + stream.int(count)) * 1000;
    if (time < fromMs || time > toMs) continue;

    sessions.push(
      buildSession(sessionId(options.seed, k), time, stream, pools),
    );
  }

  return sessions;
}

function sessionId(seed: string, k: number): string {
  return hash('sha256', JSON.stringify([seed, k, 'session_id'])).slice(0, 32);
}

function buildSession(
  id: string,
  time: number,
  stream: SeededStream,
  pools: Record<OwnedType, readonly [Line, ...Line[]]>,
): ZoomSmsSession {
  const type = pickSessionType(stream);
  const owner: ZoomParticipant = {
    ...participantOf(stream.pick(pools[type]), type),
    is_session_owner: true,
  };
  // About one owner in 25 is a deleted extension whose session still got
  // texts afterwards, so the deletion precedes the last access.
  if (stream.chance(0.04)) {
    owner.extension_status = 'deleted';
    owner.extension_deleted_time = formatZoomTime(
      time - (1 + stream.int(30 * 24)) * 3_600_000,
    );
  }

  const others = Array.from({ length: 1 + stream.int(2) }, () =>
    stream.chance(0.25)
      ? {
          ...participantOf(stream.pick(pools.user), 'user'),
          is_session_owner: false,
        }
      : externalParticipant(stream),
  );
  others.splice(stream.int(others.length + 1), 0, owner);

  return {
    session_id: id,
    session_type: type,
    last_access_time: formatZoomTime(time),
    participants: others,
  };
}

// Most traffic is person to person; the rest goes through shared lines.
function pickSessionType(stream: SeededStream): OwnedType {
  const roll = stream.int(100);
  if (roll < 70) return 'user';
  if (roll < 82) return 'call_queue';
  if (roll < 92) return 'auto_receptionist';
  return 'service_endpoint';
}

function participantOf(line: Line, type: OwnedType): ZoomParticipant {
  return {
    display_name: line.name,
    phone_number: line.phoneNumber,
    owner: { id: line.ownerId, type: OWNER_TYPES[type] },
  };
}

function externalParticipant(stream: SeededStream): ZoomParticipant {
  return {
    display_name: `${stream.pick(FIRST_NAMES)} ${stream.pick(LAST_NAMES)}`,
    phone_number: phoneNumber(stream),
    is_session_owner: false,
  };
}
