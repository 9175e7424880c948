// The logging interface the core and the extension share. The extension backs it with VS Code's
// LogOutputChannel, the command line with stderr, tests with an array.

/** A sink for diagnostics. Implementations must redact secrets (see `redact`). */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
