/**
 * Reading a file the user named (a targets file, --send @FILE, detect's FILE): bounded, so
 * /dev/zero or a FIFO that never ends cannot exhaust memory, and with one wording for failures.
 */
import { open } from 'node:fs/promises';
import { InputError } from './errors.js';
import { escapeControls } from './term/escape.js';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
};

/** A short reason for a file-system error ("no such file", ...), never a raw code alone. */
export function fsReason(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const known = REASONS[code];
  if (known !== undefined) return known;
  const message = error instanceof Error ? error.message : String(error);
  return escapeControls(message.replace(/^[A-Z]+: /, ''));
}

/** Up to `maxBytes` of the file, and whether it had more. Throws the file-system error as is. */
export async function readBounded(path: string, maxBytes: number): Promise<{ bytes: Buffer; more: boolean }> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(maxBytes + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, n, buf.length - n, null);
      if (bytesRead === 0 || (n += bytesRead) === buf.length) break;
    }
    return { bytes: buf.subarray(0, Math.min(n, maxBytes)), more: n > maxBytes };
  } finally {
    await handle.close();
  }
}

/** A stream (stdin) up to `maxBytes`, and whether it had more: reading stops there, so /dev/zero cannot exhaust memory. */
export async function readBoundedStream(chunks: AsyncIterable<Buffer>, maxBytes: number): Promise<{ bytes: Buffer; more: boolean }> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    n += chunk.length;
    if (n > maxBytes) break;
  }
  const all = Buffer.concat(parts);
  return { bytes: all.subarray(0, Math.min(n, maxBytes)), more: n > maxBytes };
}

/**
 * The whole file, or an InputError: "<what>: cannot read <shown>: <reason>", or
 * "<what>: <shown> is larger than <max> bytes" when it does not fit.
 */
export async function readInputFile(path: string, shown: string, what: string, maxBytes: number): Promise<Buffer> {
  let r: { bytes: Buffer; more: boolean };
  try {
    r = await readBounded(path, maxBytes);
  } catch (error) {
    throw new InputError(`${what}: cannot read ${escapeControls(shown)}: ${fsReason(error)}`, { cause: error });
  }
  if (r.more) throw new InputError(`${what}: ${escapeControls(shown)} is larger than ${maxBytes} bytes`);
  return r.bytes;
}
