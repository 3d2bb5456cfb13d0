/**
 * How the sync function is bundled, shared by the construct and by
 * `bench/bundle-load.ts`, which measures what these choices cost at load.
 */

/** esbuild's target: the syntax the Lambda runtime (Node.js 24) runs. */
export const BUNDLE_TARGET = 'node24';

/**
 * ESM output has no `require`, yet some CommonJS dependencies call it for
 * Node built-ins; this line gives the bundle one, made for its own URL.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);";

/** Prefer the ESM build of a dependency where its package offers one. */
export const MAIN_FIELDS = ['module', 'main'];
