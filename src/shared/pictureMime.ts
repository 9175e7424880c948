// The type of a picture from its first bytes. A picture's declared content type comes from a
// server and is not trusted: what a webview is given to draw is named by its magic bytes.

/** The picture types the webviews draw. */
export type PictureMime = 'image/jpeg' | 'image/png' | 'image/webp';

/** The type of a picture from its first bytes, or undefined when it is none the webviews draw. */
export function sniffPictureMime(bytes: Uint8Array): PictureMime | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return 'image/png';
  }
  if (bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) {
    return 'image/webp';
  }
  return undefined;
}
