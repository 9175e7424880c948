// End to end, as a person would: the real VS Code workbench in headless Chromium, the extension
// installed from its VSIX, the emulator of the service as Mapillary. Sign in through the emulator's
// consent page (the loopback callback, as a browser-hosted VS Code uses), see the account in the
// status bar and the Accounts menu, use it, let it refresh ahead of expiry, reload, sign out; then
// the URI handler's callback, pasted tokens, a revoked token, a denied consent, a cancelled wait, a
// wrong client secret and an unreadable stored value. At the end every file the run wrote and every
// log is searched for the tokens and the client secret.
//
// Where code-server really keeps things (read from its workbench and server code, 4.100.3):
// - SecretStorage is the browser's localStorage entry `secrets.provider`: one AES-GCM sealed JSON
//   blob of every extension's secrets. The key is the XOR of a client half stored in the blob and
//   a server half from `POST <workbench>/mint-key`, which code-server keeps in
//   `<user-data-dir>/serve-web-key-half`.
// - Extensions' global state (`context.globalState`) and the workbench's own logs live in the
//   browser's IndexedDB (`vscode-web-state-db-global`, `vscode-web-db`); `globalStorageUri`, the
//   settings and the extension host's logs live on the server under the user-data folder.
// So the leak search reads the browser's storage through the page, decoded, skipping exactly the
// `secrets.provider` entry and nothing else, and reads every file of the run byte by byte (the
// browser profile included, where that entry sits as ciphertext, so nothing needs excluding there).
// To show the exclusion is where the secrets really are, the test unseals the entry and finds the
// session and the client secret in it.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { ManualClock } from '../emulator/clock';
import { type Emulator } from '../emulator/emulator';
import { CHROMIUM_PATH, type RunningHost, WORKBENCH_ARGS, runCommand } from '../support/vscodeHost';
import { waitFor } from '../support/waitFor';
import { dumpBrowserStorage, unsealSecretStorage, writeSecretStorage } from './browserStorage';
import { E2E_OUT_DIR as outDir, useE2eSuite } from './e2eSuite';
import {
  accountsMenuEntries,
  answerInput,
  fileContains,
  filesUnder,
  logCount,
  loggedAgain,
  openUrl,
  startRecordingProxy,
} from './signInSupport';
import { clearToasts, toasts, waitForToast } from './toasts';

/**
 * Lifetime of issued user tokens: short, so that the run sees the extension refresh ahead of
 * expiry by its own clock. The emulator's clock stands still, so that a refresh a loaded machine
 * makes late is still accepted.
 */
const TOKEN_TTL_SECONDS = 24;

describe('end to end: Mapillary sign-in', function () {
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  const suite = useE2eSuite({
    name: 'sign-in',
    emulator: { tokenTtlSeconds: TOKEN_TTL_SECONDS, clock: new ManualClock() },
    settings: async ({ emulator }) => {
      if (!emulator) throw new Error('the suite starts the emulator');
      proxy = await startRecordingProxy(emulator.graphUrl);
      return {
        'mapillary.api.graphUrl': proxy.url,
        'mapillary.api.tilesUrl': `${proxy.url}/maps/vtp`,
        'mapillary.oauth.authorizeUrl': emulator.authorizeUrl,
        'mapillary.oauth.clientId': emulator.oauthClient.id,
      };
    },
    // The suite opens the workbench in a browser profile of its own, to search its files.
    workbench: false,
  });
  let emulator: Emulator;
  let host: RunningHost;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  let username: string;
  let pasted = '';
  /** A user token pasted where the client token belongs (refused, and searched for in the end). */
  let mistakenUserToken = '';
  const consoleLines: string[] = [];
  /** Browser storage dumped before the browser closed (SecretStorage's own entry left out). */
  let browserStorage = '';
  /** The plaintext of SecretStorage, unsealed, when the run got that far. */
  let secretStoragePlain: string | undefined;

  before(async function () {
    ({ emulator, host } = suite);
    username = emulator.dataset.users[0]?.username ?? '';
    // Today's tile count as the Mapillary client keeps it, for the status bar's hover to show.
    const storage = path.join(
      host.userDataDir,
      'User',
      'globalStorage',
      'mapillary-explorer.mapillary-explorer',
    );
    mkdirSync(storage, { recursive: true });
    writeFileSync(
      path.join(storage, 'tile-budget.json'),
      JSON.stringify({ day: new Date().toISOString().slice(0, 10), count: 130 }),
    );
    // A profile of our own (not a temporary one) so that the browser's files can be searched too.
    profileDir = path.join(host.runDir, 'browser-profile');
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [...WORKBENCH_ARGS],
    });
    context.on('page', (p) =>
      p.on('console', (m) => consoleLines.push(`[${p.url().slice(0, 60)}] ${m.text()}`)),
    );
    page = context.pages()[0] ?? (await context.newPage());
    suite.screenshotFrom(page);
    page.on('console', (m) => consoleLines.push(m.text()));
    await page.goto(host.url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  });

  suite.onClose(async () => {
    if (host && consoleLines.length) {
      writeFileSync(path.join(host.runDir, 'browser-console.log'), consoleLines.join('\n'));
    }
    await context?.close();
    await proxy?.close();
  });

  const statusItem = () => page.locator('.statusbar-item', { hasText: username });

  /** Runs "Mapillary: Sign In" and waits for the consent page that opens in a new tab. */
  async function startSignIn(): Promise<Page> {
    const opened = context.waitForEvent('page', { timeout: 30_000 });
    await runCommand(page, 'Mapillary: Sign In', { exact: true });
    const popup = await opened;
    await popup.waitForLoadState('domcontentloaded');
    return popup;
  }

  it('signs in through the consent page, ignoring a forged callback on the way', async () => {
    // The first sign-in asks for the client secret, then the app's client token for tiles, both in
    // password boxes.
    const opened = context.waitForEvent('page', { timeout: 30_000 });
    await runCommand(page, 'Mapillary: Sign In', { exact: true });
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await input.getAttribute('type'), 'password');
    await answerInput(page, `  ${emulator.oauthClient.secret} `);
    const tokenBox = page.locator('.quick-input-widget', { hasText: 'Client Token (for Tiles)' });
    await tokenBox.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await input.getAttribute('type'), 'password');
    await answerInput(page, emulator.clientToken);
    await waitForToast(page, /sign in in the browser/);
    const popup = await opened;
    await popup.waitForSelector('#approve', { timeout: 30_000 });
    const authorize = new URL(popup.url());
    assert.equal(authorize.origin + authorize.pathname, emulator.authorizeUrl);
    const state = authorize.searchParams.get('state') ?? '';
    assert.match(state, /^[A-Za-z0-9_-]{43}$/);
    assert.match(authorize.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    const redirect = authorize.searchParams.get('redirect_uri') ?? '';
    assert.match(redirect, /^http:\/\/127\.0\.0\.1:\d+\//);

    // A forged callback (wrong state, then none) is refused and the sign-in keeps waiting.
    const forged = await context.newPage();
    for (const query of ['?code=stolen&state=not-the-state', '?code=stolen']) {
      const response = await forged.goto(`${redirect}${query}`);
      assert.equal(response?.status(), 400);
      assert.match((await forged.textContent('body')) ?? '', /not one VS Code is waiting for/);
    }
    await forged.close();

    await popup.click('#approve');
    await popup.waitForSelector('#result', { timeout: 30_000 });
    assert.equal(await popup.textContent('#result'), 'Authorization received');
    await popup.close();
    await waitForToast(page, new RegExp(`Signed in to Mapillary as ${username}`));
    await statusItem().waitFor({ state: 'visible', timeout: 15_000 });
    assert.deepEqual(proxy.log.grants, ['authorization_code']);
    assert.equal(proxy.log.issued.length, 1);
    await page.screenshot({ path: path.join(outDir, 'sign-in-status.png') });
  });

  it('shows the account in the Accounts menu', async () => {
    await page.locator('.activitybar [aria-label^="Accounts"]').first().click();
    const entry = page.locator('.monaco-menu .action-label', {
      hasText: `${username} (Mapillary)`,
    });
    await entry.first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.screenshot({ path: path.join(outDir, 'sign-in-accounts-menu.png') });
    await page.keyboard.press('Escape');
  });

  it('uses the account: the hover shows the tile budget and a click checks the account', async () => {
    await statusItem().hover();
    const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Tiles left today' });
    await hover.first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await hover.first().innerText(), /Tiles left today: 49,870 of 50,000/);
    await page.mouse.move(700, 400);
    await clearToasts(page);
    const before = proxy.log.me.length;
    await statusItem().click();
    const userId = emulator.dataset.users[0]?.id ?? '';
    await waitForToast(
      page,
      new RegExp(`Signed in to Mapillary as ${username} \\(user ${userId}\\)`),
    );
    const call = proxy.log.me.at(-1);
    assert.ok(proxy.log.me.length > before);
    assert.equal(call?.token, proxy.log.issued[0], 'the request carried the session token');
    assert.equal(call?.status, 200);
    assert.ok(!call?.url.includes('MLY'), 'no token in the URL');
  });

  it('refreshes the token ahead of its expiry and keeps using the account', async function () {
    this.timeout(150_000);
    // The extension refreshes three quarters into the token's life, by its own clock.
    await waitFor('the refresh', () => proxy.log.grants.includes('refresh_token'), {
      timeoutMs: (TOKEN_TTL_SECONDS + 60) * 1000,
      intervalMs: 200,
    });
    assert.equal(proxy.log.issued.length, 2);
    // The refreshed session is stored before the next request takes its token.
    await waitFor('the refreshed session to be stored', async () =>
      (await unsealSecretStorage(page)).includes(proxy.log.issued[1] ?? '-'),
    );
    await clearToasts(page);
    await statusItem().click();
    await waitForToast(page, new RegExp(`Signed in to Mapillary as ${username}`));
    const call = proxy.log.me.at(-1);
    assert.equal(call?.token, proxy.log.issued[1], 'the refreshed token is used');
    assert.equal(call?.status, 200);

    // Where SecretStorage really is: unseal it and find the session and the client secret there.
    secretStoragePlain = await unsealSecretStorage(page);
    assert.ok(
      secretStoragePlain.includes(proxy.log.issued[1] ?? '-'),
      'the session is in SecretStorage',
    );
    assert.ok(secretStoragePlain.includes(emulator.oauthClient.secret), 'the client secret too');
    assert.ok(secretStoragePlain.includes(emulator.clientToken), 'and the client token for tiles');
    assert.ok(!secretStoragePlain.includes(proxy.log.issued[0] ?? '-'), 'the old token is gone');
  });

  it('keeps the session across a reload of the window', async () => {
    await page.reload();
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await statusItem().waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.activitybar [aria-label^="Accounts"]').first().click();
    await page
      .locator('.monaco-menu .action-label', { hasText: `${username} (Mapillary)` })
      .first()
      .waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Escape');
  });

  it('checks the connection: Graph and batches with the user token, tiles with the client token', async () => {
    await clearToasts(page);
    emulator.resetLog();
    await runCommand(page, 'Mapillary: Check Connection', { exact: true });
    const text = await waitForToast(
      page,
      /Graph call worked, batched read worked, tile call worked \(token: user/,
      60_000,
    );
    assert.match(text, /rate-limit headroom/);
    const tiles = emulator.requests().filter((r) => r.endpoint.startsWith('tiles:'));
    assert.ok(tiles.length > 0, 'a tile request');
    for (const r of tiles)
      assert.deepEqual(r.auth, { header: false, via: 'query', kind: 'client' });
    for (const r of emulator.requests().filter((q) => q.endpoint.startsWith('graph:'))) {
      assert.equal(r.auth?.via, 'header', r.endpoint);
    }
    assert.equal(emulator.count('tiles:old-path'), 0);
  });

  it('refuses a user token or the client secret pasted as the client token, naming the fix', async () => {
    await clearToasts(page);
    await runCommand(page, 'Mapillary: Set Client Token (for Tiles)', { exact: true });
    mistakenUserToken = emulator.issueUserToken(3600);
    await answerInput(page, mistakenUserToken);
    const user = await waitForToast(page, /This is a user token \(of .*\), not a client token/);
    assert.match(user, /Nothing was stored/);
    await clearToasts(page);
    await runCommand(page, 'Mapillary: Set Client Token (for Tiles)', { exact: true });
    await answerInput(page, emulator.oauthClient.secret);
    const secret = await waitForToast(
      page,
      /did not accept this token \(is it the Client Secret\?\)/,
    );
    assert.match(secret, /Nothing was stored/);
  });

  it('signs out: the status bar item and the Accounts entry go', async () => {
    await clearToasts(page);
    await runCommand(page, 'Mapillary: Sign Out', { exact: true });
    await waitForToast(page, /Signed out of Mapillary/);
    await statusItem().waitFor({ state: 'hidden', timeout: 15_000 });
    // The Accounts menu lists what the workbench knows of the sessions; it hears of the sign-out
    // as the status bar does, a moment apart. Signed out, the menu is empty and does not open.
    await waitFor('the Accounts entry to go', async () => {
      const entries = await accountsMenuEntries(page);
      return !entries.some((e) => e.includes('(Mapillary)'));
    });
    const plain = await unsealSecretStorage(page);
    assert.ok(!plain.includes(proxy.log.issued[1] ?? '-'), 'the session left SecretStorage');
  });

  it('signs in through the URI handler, ignoring unknown and replayed callbacks', async () => {
    await clearToasts(page);
    const popup = await startSignIn();
    const authorize = new URL(popup.url());
    const state = authorize.searchParams.get('state') ?? '';
    const redirect = authorize.searchParams.get('redirect_uri') ?? '';
    // Keep the browser's redirect from reaching the loopback server: the code goes to the URI
    // handler instead, as it does on desktop.
    let captured: URL | undefined;
    // Playwright does not route the target of a redirect, so take the consent form's answer itself.
    await popup.route(
      (url) => url.pathname === '/connect/decide',
      async (route) => {
        const response = await route.fetch({ maxRedirects: 0 });
        captured = new URL(response.headers().location ?? '');
        await route.fulfill({ status: 200, contentType: 'text/plain', body: 'intercepted' });
      },
    );
    await popup.click('#approve');
    await popup.waitForFunction(() => document.body.textContent === 'intercepted');
    await popup.close();
    const code = captured?.searchParams.get('code') ?? '';
    assert.ok(code, 'the consent page sent a code');
    assert.equal(captured?.origin, new URL(redirect).origin, 'the code was meant for the callback');
    const handler = 'code-oss://mapillary-explorer.mapillary-explorer/did-authenticate';
    const issuedBefore = proxy.log.issued.length;
    const ignored = 'ignored a sign-in callback with an unknown state';

    let seen = logCount(host, ignored);
    await openUrl(page, `${handler}?code=${encodeURIComponent(code)}&state=forged-state`);
    await loggedAgain(host, ignored, seen);
    assert.equal(await statusItem().count(), 0, 'an unknown state signs no one in');
    assert.equal(proxy.log.issued.length, issuedBefore, 'and exchanges nothing');

    const good = `${handler}?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`;
    await openUrl(page, good);
    await waitForToast(page, new RegExp(`Signed in to Mapillary as ${username}`));
    await statusItem().waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(proxy.log.issued.length, issuedBefore + 1);

    // The same callback again: its state is spent, so it is ignored (no second exchange).
    seen = logCount(host, ignored);
    await openUrl(page, good);
    await loggedAgain(host, ignored, seen);
    assert.equal(proxy.log.grants.filter((g) => g === 'authorization_code').length, 2);

    await runCommand(page, 'Mapillary: Sign Out', { exact: true });
    await statusItem().waitFor({ state: 'hidden', timeout: 15_000 });
  });

  it('refuses a pasted token the service rejects, and stores nothing', async () => {
    await clearToasts(page);
    await runCommand(page, 'Mapillary: Sign In with Access Token', { exact: true });
    await answerInput(page, `"MLY|${emulator.oauthClient.id}|${'f'.repeat(32)}"`);
    const text = await waitForToast(page, /did not accept the token/);
    assert.match(text, /Nothing was stored/);
    assert.equal(await statusItem().count(), 0);
  });

  it('signs in with a token pasted with spaces and quotes', async () => {
    pasted = emulator.issueUserToken(3600);
    await clearToasts(page);
    await runCommand(page, 'Mapillary: Sign In with Access Token', { exact: true });
    await answerInput(page, `  " ${pasted.slice(0, 12)} ${pasted.slice(12)} "  `);
    await waitForToast(page, new RegExp(`Signed in to Mapillary as ${username}`));
    await statusItem().waitFor({ state: 'visible', timeout: 15_000 });
  });

  it('removes a revoked token after the service rejects it, and asks to sign in again', async () => {
    emulator.revokeToken(pasted);
    await clearToasts(page);
    await statusItem().click();
    const text = await waitForToast(page, /no longer accepts the session/);
    assert.match(text, /Sign in again/);
    await statusItem().waitFor({ state: 'hidden', timeout: 15_000 });
    assert.equal(proxy.log.me.at(-1)?.status, 401);
  });

  it('ends a denied consent with a clear message and no session', async () => {
    await clearToasts(page);
    const popup = await startSignIn();
    await popup.click('#deny');
    await waitForToast(page, /access was not granted/);
    await popup.close();
    assert.equal(await statusItem().count(), 0);
  });

  it('shows no error when the person cancels the wait', async () => {
    await clearToasts(page);
    const popup = await startSignIn();
    await popup.close();
    const cancel = page
      .locator('.notification-toast', { hasText: 'sign in in the browser' })
      .locator('.monaco-button', { hasText: 'Cancel' });
    const seen = logCount(host, 'sign-in cancelled');
    await cancel.first().click();
    await loggedAgain(host, 'sign-in cancelled', seen);
    const shown = await toasts(page);
    assert.ok(!shown.some((t) => /failed|error/i.test(t)), JSON.stringify(shown));
    assert.equal(await statusItem().count(), 0);
  });

  it('reports a wrong client secret and stores no session', async () => {
    await clearToasts(page);
    await runCommand(page, 'Mapillary: Set OAuth Client Secret', { exact: true });
    await answerInput(page, `MLY|${emulator.oauthClient.id}|${'0'.repeat(32)}`);
    await waitForToast(page, /client secret is saved/);
    const popup = await startSignIn();
    await popup.click('#approve');
    // A click does not wait for the navigation it starts: closing the tab at once could cancel the
    // consent's answer before it reaches the callback, and the sign-in would wait on.
    await popup.waitForSelector('#result', { timeout: 30_000 });
    await popup.close();
    const text = await waitForToast(page, /did not accept the app's credentials/);
    assert.match(text, /Set OAuth Client Secret/);
    assert.match(text, /saved client secret was removed/);
    assert.equal(await statusItem().count(), 0);
    const plain = await unsealSecretStorage(page);
    assert.ok(!plain.includes('mapillary.oauth.clientSecret'), 'the refused secret is forgotten');
    assert.equal(proxy.log.grants.at(-1), 'authorization_code');
  });

  it('clears a stored value that is not valid JSON, says so, and shows no account', async () => {
    // Write garbage under the extension's sessions key, sealed as code-server seals SecretStorage.
    const key = JSON.stringify({
      extensionId: 'mapillary-explorer.mapillary-explorer',
      key: 'mapillary.sessions',
    });
    const changed = await writeSecretStorage(page, key, '[{"id":"x","accessToken":"MLY|1|2"');
    assert.ok(changed >= 1, 'the garbage is stored');
    await page.reload();
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await runCommand(page, 'Mapillary: Show Log', { exact: true });
    await waitForToast(page, /saved Mapillary sign-in could not be read and was removed/);
    assert.equal(await statusItem().count(), 0);
    const plain = await unsealSecretStorage(page);
    assert.ok(!plain.includes('mapillary.sessions'), 'the unreadable value was deleted');
  });

  it('leaves the tokens and the client secret nowhere but SecretStorage', async function () {
    this.timeout(120_000);
    const secrets: Record<string, string> = {
      'client secret': emulator.oauthClient.secret,
      'fallback token': emulator.clientToken,
      'pasted token': pasted,
      'user token pasted as the client token': mistakenUserToken,
    };
    proxy.log.issued.forEach((t, i) => (secrets[`issued token ${i + 1}`] = t));
    assert.ok(proxy.log.issued.length >= 2);

    browserStorage = await dumpBrowserStorage(page);
    writeFileSync(path.join(host.runDir, 'browser-storage.json'), browserStorage);
    assert.match(
      browserStorage,
      /vscode-web-state-db/,
      'the workbench state (globalState) was read',
    );
    await context.close();
    await host.stop();
    writeFileSync(path.join(host.runDir, 'code-server.log'), host.output());
    writeFileSync(path.join(host.runDir, 'browser-console.log'), consoleLines.join('\n'));

    // The run folder holds the user data (settings, global storage, the extension host's and the
    // server's logs), the extensions, the workspace, the browser profile and the captured output;
    // code-server also keeps its own logs under the home folder.
    const files = [
      ...filesUnder(host.runDir),
      ...filesUnder(path.join(homedir(), '.local', 'share', 'code-server', 'coder-logs')),
    ];
    // The search does see what is there: the (public) client id is in the settings it reads.
    assert.ok(files.some((f) => fileContains(f, emulator.oauthClient.id)));
    assert.match(browserStorage, /mapillary-explorer\.mapillary-explorer/, "the extension's state");
    const logs = files.filter((f) => /Mapillary\.log$/.test(f));
    assert.ok(
      logs.some((f) =>
        readFileSync(f, 'utf8').includes('signed in to Mapillary through the browser'),
      ),
      "the extension's log is among the files searched",
    );
    const logText = logs.map((f) => readFileSync(f, 'utf8')).join('\n');
    assert.match(logText, /callback received through the URI handler \(code\)/);
    assert.match(logText, /ignored a sign-in callback with an unknown state/);
    assert.ok(files.some((f) => f.endsWith(path.join('User', 'settings.json'))));
    assert.ok(files.some((f) => f.includes(`${path.sep}browser-profile${path.sep}`)));

    const leaks: string[] = [];
    for (const [name, value] of Object.entries(secrets)) {
      for (const file of files) {
        if (fileContains(file, value)) leaks.push(`${name} in ${file}`);
      }
      if (browserStorage.includes(value)) leaks.push(`${name} in the browser's storage`);
    }
    const report = {
      searched: files.length,
      bytes: files.reduce((n, f) => n + (existsSync(f) ? statSync(f).size : 0), 0),
      leaks,
    };
    writeFileSync(path.join(outDir, 'sign-in-leak-search.json'), JSON.stringify(report, null, 2));
    console.log(
      `    leak search: ${files.length} files, ${report.bytes} bytes, ${leaks.length} leaks`,
    );
    assert.deepEqual(leaks, []);
  });
});
