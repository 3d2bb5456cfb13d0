import type { SessionType } from '../../functions/sync/zoom/schema.js';
import {
  FIRST_NAMES,
  LAST_NAMES,
  QUEUE_NAMES,
  RECEPTIONIST_NAMES,
  SERVICE_ENDPOINT_NAMES,
} from './names.js';
import { SeededStream } from './seeded-stream.js';

/** Session types a session can have; `all` is only a query value. */
export type OwnedType = Exclude<SessionType, 'all'>;

/** How many users of the account take part in generated sessions. */
const USER_LINES = 24;

/** The participant `owner.type` Zoom reports for each session type. */
export const OWNER_TYPES = {
  user: 'user',
  call_queue: 'callQueue',
  auto_receptionist: 'autoReceptionist',
  service_endpoint: 'serviceEndpoint',
} as const satisfies Record<OwnedType, string>;

/** One of the account's own numbers: a user, queue, receptionist... */
export interface Line {
  ownerId: string;
  name: string;
  phoneNumber: string;
}

/** An 11-digit North American number: 1, area code, seven digits. */
export function phoneNumber(stream: SeededStream): string {
  return `1${200 + stream.int(800)}${stream.digits(7)}`;
}

/**
 * The account's lines for a seed. They depend on the seed alone, so the
 * same few owners recur across sessions, as on a real account, and a
 * phone_number filter has something to find.
 */
export function linePools(
  seed: string,
): Record<OwnedType, readonly [Line, ...Line[]]> {
  const person = (stream: SeededStream) =>
    `${stream.pick(FIRST_NAMES)} ${stream.pick(LAST_NAMES)}`;
  const listed = (names: readonly string[]) => (_: SeededStream, i: number) =>
    names[i] ?? `Line ${i + 1}`;

  return {
    user: pool(seed, 'user', USER_LINES, person),
    call_queue: pool(
      seed,
      'call_queue',
      QUEUE_NAMES.length,
      listed(QUEUE_NAMES),
    ),
    auto_receptionist: pool(
      seed,
      'auto_receptionist',
      RECEPTIONIST_NAMES.length,
      listed(RECEPTIONIST_NAMES),
    ),
    service_endpoint: pool(
      seed,
      'service_endpoint',
      SERVICE_ENDPOINT_NAMES.length,
      listed(SERVICE_ENDPOINT_NAMES),
    ),
  };
}

function pool(
  seed: string,
  type: OwnedType,
  size: number,
  name: (stream: SeededStream, index: number) => string,
): [Line, ...Line[]] {
  const line = (index: number): Line => {
    const stream = new SeededStream(seed, type, index);
    return {
      // Zoom ids are 16 bytes in URL-safe base64: 22 characters.
      ownerId: stream.bytes(16).toString('base64url'),
      name: name(stream, index),
      phoneNumber: phoneNumber(stream),
    };
  };

  return [line(0), ...Array.from({ length: size - 1 }, (_, i) => line(i + 1))];
}
