// code-server's browser storage, read through the page: SecretStorage unsealed as the workbench
// unseals it, and everything else the workbench keeps in the browser, decoded.
import type { Page } from 'playwright-core';

/**
 * Reads code-server's SecretStorage in the page: the sealed blob in `localStorage['secrets.provider']`
 * and the server's key half from `/mint-key`, combined exactly as the workbench does.
 */
export function unsealSecretStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const sealed = localStorage.getItem('secrets.provider');
    if (!sealed) return '';
    const bytes = Uint8Array.from(atob(sealed), (c) => c.charCodeAt(0));
    const clientHalf = bytes.slice(0, 32);
    const iv = bytes.slice(32, 44);
    const cipher = bytes.slice(44);
    const mint = (window.location.pathname + '/mint-key').replace(/\/\/+/g, '/');
    const serverHalf = new Uint8Array(
      await (await fetch(mint, { method: 'POST', credentials: 'include' })).arrayBuffer(),
    );
    const raw = clientHalf.map((b, i) => b ^ (serverHalf[i] ?? 0));
    const key = await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['decrypt']);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, cipher);
    return new TextDecoder().decode(plain);
  });
}

/**
 * Everything the workbench keeps in the browser, decoded: localStorage (but SecretStorage's own
 * entry, `secrets.provider`) and every IndexedDB database, where code-server keeps the workbench's
 * and the extensions' global state.
 */
export async function dumpBrowserStorage(page: Page): Promise<string> {
  // The test runs through tsx, whose transform names inner functions with a `__name` helper that
  // the page does not have.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(async () => {
    const text = (value: unknown): string => {
      if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
        return new TextDecoder().decode(value);
      }
      return typeof value === 'string' ? value : JSON.stringify(value);
    };
    const out: Record<string, unknown> = {};
    const local: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? '';
      if (key !== 'secrets.provider') local[key] = localStorage.getItem(key) ?? '';
    }
    out.localStorage = local;
    const session: Record<string, string> = {};
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i) ?? '';
      session[key] = sessionStorage.getItem(key) ?? '';
    }
    out.sessionStorage = session;
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name ?? '');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error(String(request.error)));
      });
      const stores: Record<string, string[]> = {};
      for (const name of Array.from(db.objectStoreNames)) {
        const store = db.transaction(name, 'readonly').objectStore(name);
        const [keys, values] = await Promise.all(
          [store.getAllKeys(), store.getAll()].map(
            (request) =>
              new Promise<unknown[]>((resolve, reject) => {
                request.onsuccess = () => resolve(request.result as unknown[]);
                request.onerror = () => reject(new Error(String(request.error)));
              }),
          ),
        );
        stores[name] = (keys ?? []).map((k, i) => `${text(k)} = ${text(values?.[i])}`);
      }
      db.close();
      out[`indexedDB:${info.name}`] = stores;
    }
    return JSON.stringify(out, null, 1);
  });
}

/**
 * Writes `value` under `key` into code-server's SecretStorage in the page, sealed again as the
 * workbench seals it (a fresh client key half and IV); returns how many entries it now holds.
 */
export async function writeSecretStorage(page: Page, key: string, value: string): Promise<number> {
  // The test runs through tsx, whose transform names inner functions with a `__name` helper that
  // the page does not have.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(
    async ([entryKey, entryValue]) => {
      const sealed = localStorage.getItem('secrets.provider') ?? '';
      const bytes = Uint8Array.from(atob(sealed), (c) => c.charCodeAt(0));
      const mint = (window.location.pathname + '/mint-key').replace(/\/\/+/g, '/');
      const serverHalf = new Uint8Array(
        await (await fetch(mint, { method: 'POST', credentials: 'include' })).arrayBuffer(),
      );
      const keyOf = async (clientHalf: Uint8Array) =>
        crypto.subtle.importKey(
          'raw',
          clientHalf.map((b, i) => b ^ (serverHalf[i] ?? 0)),
          { name: 'AES-GCM' },
          false,
          ['decrypt', 'encrypt'],
        );
      const plain = new TextDecoder().decode(
        await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bytes.slice(32, 44) },
          await keyOf(bytes.slice(0, 32)),
          bytes.slice(44),
        ),
      );
      const secrets = JSON.parse(plain) as Record<string, string>;
      secrets[entryKey!] = entryValue!;
      const clientHalf = crypto.getRandomValues(new Uint8Array(32));
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const cipher = new Uint8Array(
        await crypto.subtle.encrypt(
          { name: 'AES-GCM', iv },
          await keyOf(clientHalf),
          new TextEncoder().encode(JSON.stringify(secrets)),
        ),
      );
      const all = new Uint8Array([...clientHalf, ...iv, ...cipher]);
      let binary = '';
      for (const b of all) binary += String.fromCharCode(b);
      localStorage.setItem('secrets.provider', btoa(binary));
      return Object.keys(secrets).length;
    },
    [key, value],
  );
}
