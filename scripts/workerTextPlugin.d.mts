// Types of workerTextPlugin.mjs, for the benchmark that builds the viewer.
import type { BuildOptions, Plugin } from 'esbuild';

/** The plugin for `virtual:<name>`: the worker bundle built from `entry`, as text. */
export function workerTextPlugin(name: string, entry: string, options?: BuildOptions): Plugin;
