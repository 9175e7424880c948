// Helpers for the sign-in tests: an in-memory SecretStorage shared by several "windows", a driver
// for the emulator's consent page (what a person does in the browser), and a fetch that records
// what was sent.
import { type SecretStore } from '../../../src/core/auth/sessionStore';
import { waitFor } from '../../support/waitFor';

/** One SecretStorage backing shared by several windows, each with its own change listeners. */
export class MemorySecrets {
  readonly values = new Map<string, string>();
  private readonly listeners = new Set<(event: { key: string }) => unknown>();
  /** Change events fired but not delivered yet. */
  private undelivered = 0;

  /** A window's view of the storage (VS Code fires the change event in every window). */
  window(): SecretStore {
    return {
      get: (key) => Promise.resolve(this.values.get(key)),
      store: (key, value) => {
        this.values.set(key, value);
        this.fire(key);
        return Promise.resolve();
      },
      delete: (key) => {
        this.values.delete(key);
        this.fire(key);
        return Promise.resolve();
      },
      onDidChange: (listener) => {
        this.listeners.add(listener);
        return { dispose: () => this.listeners.delete(listener) };
      },
    };
  }

  /** Changes a value from outside (another window, another program). */
  set(key: string, value: string): void {
    this.values.set(key, value);
    this.fire(key);
  }

  /** Resolves once every change event fired so far has reached the listeners. */
  delivered(): Promise<true> {
    return waitFor('the change events to be delivered', () => this.undelivered === 0);
  }

  private fire(key: string): void {
    // Asynchronous, as in VS Code, where the event crosses processes.
    this.undelivered += 1;
    setTimeout(() => {
      this.undelivered -= 1;
      this.listeners.forEach((l) => l({ key }));
    }, 0);
  }
}

/**
 * Does in the emulator's consent page what a person does in the browser: opens the authorize URL
 * and presses Authorize (or Cancel). Returns where the browser is sent back to.
 */
export async function consent(authorizeUrl: string, decision: 'approve' | 'deny'): Promise<URL> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  if (page.status === 302) return new URL(page.headers.get('location') ?? '');
  const html = await page.text();
  const txn = /name="txn" value="([^"]+)"/.exec(html)?.[1];
  if (!txn) throw new Error(`no consent form (HTTP ${page.status}): ${html.slice(0, 200)}`);
  const decide = new URL('/connect/decide', authorizeUrl);
  const answer = await fetch(decide, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ txn, decision }).toString(),
    redirect: 'manual',
  });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`no redirect (HTTP ${answer.status})`);
  return new URL(location);
}

/** A request as the recording fetch saw it. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** A fetch that records every request before passing it on. */
export function recordingFetch(): { fetch: typeof fetch; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
    sent.push({
      url: input instanceof Request ? input.url : String(input),
      method: init?.method ?? 'GET',
      headers,
      body: typeof init?.body === 'string' ? init.body : '',
    });
    return fetch(input, init);
  };
  return { fetch: wrapped, sent };
}

/** Waits until `check` is true (polling, with the generous timeout of {@link waitFor}). */
export async function until(check: () => boolean, what: string): Promise<void> {
  await waitFor(what, check);
}
