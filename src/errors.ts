/**
 * Known errors: printed as one line (plus an optional hint) with exit code 2, never as a stack trace.
 * Anything else that escapes a command is a bug and is reported as such.
 */
export class ProtocheckError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProtocheckError';
    this.code = code;
    this.hint = options.hint;
  }
}

/** Bad arguments or options (PC_USAGE). */
export class UsageError extends ProtocheckError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('PC_USAGE', message, options);
    this.name = 'UsageError';
  }
}

/** Input that cannot be read or used: a missing file, bytes that are not hex, ... (PC_INPUT). */
export class InputError extends ProtocheckError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('PC_INPUT', message, options);
    this.name = 'InputError';
  }
}

export function isKnownError(error: unknown): error is ProtocheckError {
  return error instanceof ProtocheckError;
}
