import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ZoomFault } from '../../local/zoom-emulator/index.js';
import { sessionsUntil } from '../helpers/sessions.js';
import { startHarness } from '../helpers/sync-harness.js';
import { expectTableMatchesZoom } from '../helpers/table-matches.js';

const NOW = new Date('2026-11-15T12:00:00Z');

const faultArb: fc.Arbitrary<ZoomFault> = fc.oneof(
  fc.constant<ZoomFault>({
    kind: 'rate_limit_qps',
    retryAfter: { form: 'none' },
  }),
  fc.constant<ZoomFault>({ kind: 'rate_limit_daily' }),
  fc.constantFrom<ZoomFault>(
    { kind: 'server_error', status: 500 },
    { kind: 'server_error', status: 503 },
  ),
  fc.constant<ZoomFault>({ kind: 'malformed_json' }),
  fc.constant<ZoomFault>({ kind: 'truncated_json' }),
  fc.constant<ZoomFault>({ kind: 'invalid_token' }),
  fc.constant<ZoomFault>({ kind: 'expired_page_token' }),
);

const scheduleArb = fc.array(
  fc.record({
    fault: faultArb,
    skip: fc.nat({ max: 6 }),
    count: fc.integer({ min: 1, max: 3 }),
  }),
  { maxLength: 4 },
);

describe('any schedule of faults', () => {
  it('leaves the table equal to Zoom once the faults stop and one more run completes', async () => {
    await fc.assert(
      fc.asyncProperty(
        scheduleArb,
        fc.integer({ min: 1, max: 60 }),
        async (schedule, changed) => {
          const h = await startHarness({
            clock: () => NOW,
            sessions: sessionsUntil(new Date('2026-11-15T11:00:00Z'), 230),
            env: { ZOOM_PAGE_SIZE: '50', SLICE_HOURS: '6' },
          });
          try {
            for (const { fault, skip, count } of schedule) {
              h.zoom.injectFault(fault, { skip, count });
            }
            // Runs under faults may fail or stop early; that is allowed.
            await h.invoke().catch(() => undefined);
            for (const s of h.zoom.data.all().slice(0, changed)) {
              h.zoom.data.upsert({
                ...s,
                last_access_time: '2026-11-15T11:30:00Z',
              });
            }
            await h.invoke().catch(() => undefined);

            h.zoom.clearFaults();
            let last = await h.invoke();
            // A run stopped by the daily limit leaves windows for the next.
            if (!last.complete) last = await h.invoke();

            expect(last.complete).toBe(true);
            await expectTableMatchesZoom(h);
          } finally {
            await h.stop();
          }
        },
      ),
      { numRuns: 12, seed: 20261203, endOnFailure: true },
    );
  }, 300_000);
});
