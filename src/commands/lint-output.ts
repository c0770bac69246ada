/** Writing a report to a file for `lint --output FORMAT=FILE`: atomically, never through a half-written file. */
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { fsReason } from '../input-file.js';
import { escapeControls } from '../term/escape.js';

/**
 * Writes `text` to `file` (relative to `cwd`) through a temporary file in the same directory and a
 * rename: a reader never sees a partial report, and a failed write leaves what was there. A directory
 * or a special file (FIFO, device) at that path is refused rather than replaced.
 */
export function writeOutputFile(cwd: string, file: string, text: string): void {
  const path = resolve(cwd, file);
  const shown = escapeControls(file);
  let mode = 0o644;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new InputError(`cannot write ${shown}: not a regular file`);
    mode = st.mode & 0o777;
  } catch (error) {
    if (error instanceof InputError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`cannot write ${shown}: ${fsReason(error)}`);
  }
  const tmp = join(dirname(path), `.${basename(path)}.protocheck-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    throw new InputError(`cannot write ${shown}: ${fsReason(error)}`);
  }
}
