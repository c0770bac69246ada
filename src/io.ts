/**
 * The few process facts a command may touch, passed in so commands stay testable in-process.
 * Only bin.ts builds the real one.
 */
export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
}

export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
  /** Reads all of standard input (for `-` arguments). */
  readStdin(): Promise<Buffer>;
  /** Standard input as it arrives, chunk by chunk (for large inputs such as `capture -`); read it once. */
  stdinStream(): AsyncIterable<Buffer>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

function wrap(stream: NodeJS.WriteStream): Output {
  // A reader that stops early (`| head`) closes the pipe: the rest of the output is dropped quietly
  // instead of crashing on an unhandled EPIPE 'error' event. Other write errors still surface.
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return {
    write: (text: string) => {
      if (!closed) stream.write(text);
    },
    get isTTY() {
      return stream.isTTY === true;
    },
  };
}

export function realIo(): Io {
  return {
    stdout: wrap(process.stdout),
    stderr: wrap(process.stderr),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    stdinStream: () => process.stdin as AsyncIterable<Buffer>,
    env: process.env,
    cwd: process.cwd(),
  };
}

async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += size) {
    // A fresh copy per chunk, as a real stream hands out (callers may keep it).
    yield Buffer.from(data.subarray(at, at + size));
    await Promise.resolve();
  }
}

/**
 * An Io that records what is written; for tests. `stdinChunkBytes` (default 65536) is the chunk size
 * stdinStream() hands out the given stdin in.
 */
export function memoryIo(options: { stdin?: Buffer | string; stdinChunkBytes?: number; env?: Record<string, string>; cwd?: string; tty?: boolean } = {}): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const tty = options.tty ?? false;
  return {
    stdout: { write: (t) => void (out += t), isTTY: tty },
    stderr: { write: (t) => void (err += t), isTTY: tty },
    readStdin: async () => Buffer.from(options.stdin ?? ''),
    stdinStream: () => chunked(Buffer.from(options.stdin ?? ''), Math.max(1, options.stdinChunkBytes ?? 65_536)),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    out: () => out,
    err: () => err,
  };
}
