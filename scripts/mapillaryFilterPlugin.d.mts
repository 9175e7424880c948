// Types of mapillaryFilterPlugin.mjs, for the tests and the benchmark that use it.
import type { Plugin } from 'esbuild';

/** The library's ES module source with FilterCreator.createFilter replaced (throws when absent). */
export function patchMapillary(source: string): string;

/** The esbuild plugin that applies the patch to mapillary-js/dist/mapillary.module.js. */
export const mapillaryFilterPlugin: Plugin;
