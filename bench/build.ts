import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import {
  BUNDLE_TARGET,
  ESM_REQUIRE_BANNER,
  MAIN_FIELDS,
} from '../infra/constructs/bundle-options.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What every bundle here shares: ESM for the Lambda runtime's Node.js. */
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: BUNDLE_TARGET,
  logLevel: 'error',
} as const;

/**
 * Bundles the sync function as the stack deploys it (minified, ESM, source
 * map), leaving out the packages named in `external`. Returns the file.
 */
export const buildHandler = async (
  outfile: string,
  external: string[] = [],
): Promise<string> => {
  await build({
    ...common,
    entryPoints: [join(root, 'functions/sync/handler.ts')],
    mainFields: MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    sourcemap: true,
    external,
    outfile,
  });
  return outfile;
};

/**
 * Bundles bench/run-case.ts into plain JavaScript, so that a case runs in
 * node alone, without a TypeScript loader adding to its memory.
 */
export const buildCaseRunner = async (outfile: string): Promise<string> => {
  await build({
    ...common,
    entryPoints: [join(root, 'bench/run-case.ts')],
    outfile,
  });
  return outfile;
};
