import type { Node } from 'constructs';
import { SettingsError } from './errors.js';
import {
  resolveSettings,
  SETTING_KEYS,
  type SyncSettings,
} from './settings.js';

/** Every context key of this app starts with this. */
export const CONTEXT_PREFIX = 'zoomSmsSync:';

/** The app-level keys, beside the settings of the construct. */
const APP_KEYS = ['stackName'] as const;

export const DEFAULT_STACK_NAME = 'ZoomSmsSync';

export interface AppContext {
  stackName: string;
  settings: SyncSettings;
}

const contextKey = (key: string) => `Context key ${CONTEXT_PREFIX}${key}`;

/**
 * Reads and validates this app's context (cdk.json, `cdk -c`, or App
 * props). An unknown `zoomSmsSync:` key is refused, so that a misspelt
 * option fails the synth instead of being ignored.
 */
export const readAppContext = (node: Node): AppContext => {
  const known = new Set<string>([...SETTING_KEYS, ...APP_KEYS]);
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(node.getAllContext())) {
    if (!name.startsWith(CONTEXT_PREFIX)) continue;

    const key = name.slice(CONTEXT_PREFIX.length);
    if (!known.has(key)) {
      throw new SettingsError(
        `${contextKey(key)} is not an option of this app; the options are ${[...known].map((k) => CONTEXT_PREFIX + k).join(', ')}.`,
        name,
      );
    }
    values[key] = value;
  }

  const raw = values.stackName;
  const stackName =
    raw === undefined || raw === null || raw === '' ? DEFAULT_STACK_NAME : raw;
  if (
    typeof stackName !== 'string' ||
    !/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName)
  ) {
    throw new SettingsError(
      `${contextKey('stackName')} must be a CloudFormation stack name (a letter, then letters, digits or hyphens); got ${JSON.stringify(stackName)}.`,
      `${CONTEXT_PREFIX}stackName`,
    );
  }

  return { stackName, settings: resolveSettings(values, contextKey) };
};
