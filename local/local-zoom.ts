import {
  generateSessions,
  sampleSessions,
  startZoomEmulator,
  type ZoomEmulator,
} from './zoom-emulator/index.js';

/** The app the emulator accepts; not a secret of anyone's. */
export const EMULATOR_CREDENTIALS = {
  accountId: 'local-account',
  clientId: 'local-client',
  clientSecret: 'local-client-secret',
};

const DAY_MS = 86_400_000;

/**
 * Starts the Zoom emulator with the local data set: a deterministic stream
 * of sessions over the past 13 months, up to the start of today (UTC), plus
 * Zoom's reference example. Sessions are fixed by their time slot, so every
 * start on one day serves the same data, and a new day adds only that day's.
 */
export const startLocalZoom = async (now: Date): Promise<ZoomEmulator> => {
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const from = new Date(today.getTime() - 396 * DAY_MS);
  return startZoomEmulator({
    credentials: EMULATOR_CREDENTIALS,
    sessions: [
      ...generateSessions({ seed: 'zoom-sms-sync', from, to: today }),
      ...sampleSessions(),
    ],
  });
};
