// MapillaryJS's image filters, built from closures. The library compiles a filter expression into
// JavaScript text and runs it through `new Function`, which the webview's CSP (no 'unsafe-eval')
// refuses; the viewer's build replaces that one method with `createImageFilter` (see
// esbuild.mjs). The semantics are the library's own (mapbox feature-filter): comparisons by strict
// equality, ordering operators only between values of one type, membership by strict equality,
// `all` as a conjunction, and anything unknown or empty passes. Values go through JSON as the
// library's generated code does (NaN and Infinity become null, a Date its ISO text).

/** A filter expression as MapillaryJS takes it: `[operator, key, ...values]` or `['all', ...]`. */
export type FilterExpressionLike = readonly unknown[] | null | undefined;

/** The filter: true when the image passes. */
export type ImageFilterFunction = (node: unknown) => boolean;

const pass: ImageFilterFunction = () => true;

/** The value as the library's generated code would see it after `JSON.stringify`. */
function asJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

/** The value of `key` on the node, as `node["key"]` reads it. */
function read(node: unknown, key: string): unknown {
  return (node as Record<string, unknown>)[key];
}

function compare(a: unknown, b: unknown): number {
  // The library sorts membership values with plain < and > (its `_compare`).
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function comparison(operator: string, key: string, raw: unknown): ImageFilterFunction {
  const value = asJson(raw);
  switch (operator) {
    case '==':
      return (node) => read(node, key) === value;
    case '!=':
      return (node) => read(node, key) !== value;
    default: {
      const type = typeof value;
      const ordered = (test: (left: never, right: never) => boolean): ImageFilterFunction => {
        return (node) => {
          const left = read(node, key);
          return typeof left === type && test(left as never, value as never);
        };
      };
      if (operator === '<') return ordered((l, r) => l < r);
      if (operator === '<=') return ordered((l, r) => l <= r);
      if (operator === '>') return ordered((l, r) => l > r);
      return ordered((l, r) => l >= r);
    }
  }
}

function membership(key: string, values: readonly unknown[]): ImageFilterFunction {
  const list = asJson([...values].sort(compare)) as unknown[];
  return (node) => list.indexOf(read(node, key)) !== -1;
}

/** Builds the filter function of an expression (see the file comment). */
export function createImageFilter(filter: FilterExpressionLike): ImageFilterFunction {
  if (filter === null || filter === undefined || filter.length <= 1) return pass;
  const [operator, key, value] = filter;
  // The key is written into the generated code as a JSON string; a non-string key names the
  // property of its JSON text.
  const property = typeof key === 'string' ? key : String(asJson(key));
  switch (operator) {
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return comparison(operator, property, value);
    case 'in':
      return membership(property, filter.slice(2));
    case '!in': {
      const inside = membership(property, filter.slice(2));
      return (node) => !inside(node);
    }
    case 'all': {
      const parts = filter.slice(1).map((part) => createImageFilter(part as FilterExpressionLike));
      return (node) => parts.every((part) => part(node));
    }
    default:
      return pass;
  }
}
