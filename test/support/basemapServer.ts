// A local raster basemap for tests and the offline demo: 256 px PNG tiles on 127.0.0.1, each with a
// grid and a colour that depends on its z/x/y, so a screenshot shows that tiles really loaded.
import { createServer, type Server } from 'node:http';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes an RGB image as PNG. */
export function encodePng(
  width: number,
  height: number,
  rgb: (x: number, y: number) => [number, number, number],
): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const [r, g, b] = rgb(x, y);
      raw[row + 1 + x * 3] = r;
      raw[row + 2 + x * 3] = g;
      raw[row + 3 + x * 3] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The colour a basemap tile is filled with, so tests can check pixels. */
export function tileColour(z: number, x: number, y: number): [number, number, number] {
  return [200 + ((x * 37) % 40), 215 + ((y * 53) % 30), 190 + ((z * 11) % 40)];
}

export interface BasemapServer {
  /** Leaflet URL template. */
  url: string;
  /** Number of tiles served so far. */
  served(): number;
  close(): Promise<void>;
}

/** Starts the basemap server on 127.0.0.1 (ephemeral port unless given). */
export function startBasemapServer(port = 0): Promise<BasemapServer> {
  let served = 0;
  const cache = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const match = /^\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url ?? '');
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const [z, x, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const key = `${z}/${x}/${y}`;
    let png = cache.get(key);
    if (!png) {
      const fill = tileColour(z, x, y);
      png = encodePng(256, 256, (px, py) =>
        px % 64 === 0 || py % 64 === 0 ? [160, 170, 160] : fill,
      );
      cache.set(key, png);
    }
    served++;
    res
      .writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' })
      .end(png);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://127.0.0.1:${actual}/{z}/{x}/{y}.png`,
        served: () => served,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
