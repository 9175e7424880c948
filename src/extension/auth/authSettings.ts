// The settings sign-in reads. The token endpoint is not a setting of its own: it is `/token` under
// the Graph API base URL, so that pointing the extension at a proxy or the emulator moves both. The
// URLs and the app's client id are the user's own settings, never a workspace's (see userSetting):
// a workspace's client id would send the consent page, and its code, to another app.
import { userSetting } from '../userSetting';

/** Where and as which app to sign in. */
export interface AuthSettings {
  /** The registered app's client id; undefined when not configured. */
  clientId: string | undefined;
  authorizeUrl: string;
  graphUrl: string;
}

/** The default consent page. */
export const DEFAULT_AUTHORIZE_URL = 'https://www.mapillary.com/connect';
const DEFAULT_GRAPH_URL = 'https://graph.mapillary.com';

/** Reads the settings now (they can change between two sign-ins). */
export function readAuthSettings(): AuthSettings {
  const clientId = userSetting('mapillary.oauth', 'clientId', '').trim();
  return {
    clientId: clientId === '' ? undefined : clientId,
    authorizeUrl:
      userSetting('mapillary.oauth', 'authorizeUrl', '').trim() || DEFAULT_AUTHORIZE_URL,
    graphUrl: userSetting('mapillary.api', 'graphUrl', '').trim() || DEFAULT_GRAPH_URL,
  };
}
