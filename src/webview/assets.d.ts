// Stylesheets are bundled by esbuild into map.css next to map.js; importing one has no value.
declare module '*.css';
