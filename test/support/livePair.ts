// Two ends of a request channel joined live: each message is cloned (as postMessage does) and
// delivered on the next turn of the event loop, for tests whose other side does real I/O.
import { RequestChannel } from '../../src/shared/channel/requestChannel';

/** The host's end and the page's end of one channel. */
export function livePair(): { host: RequestChannel; page: RequestChannel } {
  const ends: { host?: RequestChannel; page?: RequestChannel } = {};
  ends.host = new RequestChannel({
    post: (m) => setImmediate(() => ends.page?.receive(structuredClone(m))),
  });
  ends.page = new RequestChannel({
    post: (m) => setImmediate(() => ends.host?.receive(structuredClone(m))),
  });
  return { host: ends.host, page: ends.page };
}
