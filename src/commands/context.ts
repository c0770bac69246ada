/** What every command's definition receives from main(). */
import type { Io } from '../io.js';

export interface CommandContext {
  readonly io: Io;
  /** Sets the process exit code main() returns (see exit-codes.ts). */
  setExit(code: number): void;
}
