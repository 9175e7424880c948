// The sign-in flows behind one object, created in the lazily loaded half of the extension.
import { showAccount } from './accountInfo';
import { type AuthFlows, type AuthServices } from './authServices';
import { signInWithBrowser } from './browserSignIn';
import { signInWithToken } from './tokenSignIn';

/** The flows, bound to the window's sign-in state. */
export function createAuthFlows(services: AuthServices): AuthFlows {
  return {
    signInWithBrowser: (scopes) => signInWithBrowser(services, scopes),
    signInWithToken: () => signInWithToken(services),
    showAccount: () => showAccount(services),
  };
}
