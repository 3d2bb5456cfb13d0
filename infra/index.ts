export { SettingsError } from './errors.js';
export {
  DEFAULT_SETTINGS,
  type SyncSettings,
  type SyncSettingsInput,
} from './settings.js';
export { ZoomSmsSync, type ZoomSmsSyncProps } from './zoom-sms-sync.js';
export {
  ZoomSmsSyncStack,
  type ZoomSmsSyncStackProps,
} from './zoom-sms-sync-stack.js';
