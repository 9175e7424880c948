// The two ways a command fails, told apart by their exit codes: 2 for a command line that is
// wrong, 1 for work that could not be done.

/** A mistake in the command line itself: reported with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage to point at, if known. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure while doing the work (bad input data, network): exit code 1. */
export class RuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeError';
  }
}
