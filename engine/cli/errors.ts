/** Exit codes of `stm-explorer` (documented in the README): 0 ok, 1 bad input, 2 usage. */
export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;

/** Wrong command line: unknown flag, missing argument, bad value. Exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** The command line was fine but the input was not (unreadable file, malformed block). Exit code 1. */
export class InputError extends Error {}
