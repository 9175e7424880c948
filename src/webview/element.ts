// Builds DOM elements for the webview's panels and controls. Text goes in through textContent, never
// as HTML, so nothing the service sends can inject markup.

/** A new `<tag>` element with an optional class name and text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}
