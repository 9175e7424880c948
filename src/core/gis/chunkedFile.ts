// Sequential writes to a file in chunks of about a megabyte, so writers that produce many small
// pieces (features, rows) make few system calls and hold at most one chunk in memory.
import { closeSync, openSync, writeSync } from 'node:fs';

const CHUNK_BYTES = 1 << 20;

/** A file written front to back. */
export class ChunkedFile {
  private readonly fd: number;
  private buffer = new Uint8Array(CHUNK_BYTES);
  private used = 0;
  /** Bytes written so far (flushed or not). */
  size = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  /** Appends `bytes`. */
  write(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.buffer.length) this.flush();
    if (bytes.length > this.buffer.length) {
      this.writeAll(bytes);
    } else {
      this.buffer.set(bytes, this.used);
      this.used += bytes.length;
    }
    this.size += bytes.length;
  }

  /** Writes what is buffered. */
  flush(): void {
    this.writeAll(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  /** Flushes and closes the file. */
  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  /** Closes without flushing, after a failure. */
  abandon(): void {
    closeSync(this.fd);
  }

  private writeAll(bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
  }
}
