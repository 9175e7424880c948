// Stylesheets are bundled by esbuild into map.css next to map.js; importing one has no value.
declare module '*.css';

// The decoding worker's bundle, as text; esbuild builds it first and provides it (see esbuild.mjs).
declare module 'virtual:tileWorker' {
  const source: string;
  export default source;
}

// The overlay worker's bundle, as text; built the same way (see esbuild.mjs).
declare module 'virtual:overlayWorker' {
  const source: string;
  export default source;
}
