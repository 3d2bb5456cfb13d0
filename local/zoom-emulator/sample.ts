import type { ZoomSmsSession } from '../../functions/sync/zoom/schema.js';
import referenceExample from './reference-example.json' with { type: 'json' };

/**
 * The `sms_sessions` of Zoom's reference example response, deep-copied.
 * They have no session_type, and the same session appears twice: both
 * are things a client must cope with.
 */
export function sampleSessions(): ZoomSmsSession[] {
  return structuredClone(referenceExample.sms_sessions);
}
