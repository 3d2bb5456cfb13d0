/**
 * A local Zoom: Server-to-Server OAuth and `GET /v2/phone/sms/sessions`
 * over real HTTP, for tests and local runs of the sync.
 */
export { EmulatorDataSet } from './data-set.js';
export type {
  FaultEndpoint,
  InjectFaultOptions,
  RetryAfterForm,
  SessionsRequestInfo,
  ZoomFault,
  ZoomFaultKind,
} from './fault-types.js';
export { type GenerateOptions, generateSessions } from './generate.js';
export { sampleSessions } from './sample.js';
export { startZoomEmulator } from './server.js';
export type {
  RecordedRequest,
  ZoomEmulator,
  ZoomEmulatorCredentials,
  ZoomEmulatorOptions,
} from './types.js';
