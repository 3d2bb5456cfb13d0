import { loadConfig } from './config.js';
import { createHandler, type SyncHandler } from './create-handler.js';

/** The Lambda entry point, configured from the environment. */
export const handler: SyncHandler = createHandler({
  config: loadConfig(process.env),
});
