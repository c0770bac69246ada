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
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

function wrap(stream: NodeJS.WriteStream): Output {
  return {
    write: (text: string) => {
      stream.write(text);
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
    env: process.env,
    cwd: process.cwd(),
  };
}

/** An Io that records what is written; for tests. */
export function memoryIo(options: { stdin?: Buffer | string; env?: Record<string, string>; cwd?: string; tty?: boolean } = {}): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const tty = options.tty ?? false;
  return {
    stdout: { write: (t) => void (out += t), isTTY: tty },
    stderr: { write: (t) => void (err += t), isTTY: tty },
    readStdin: async () => Buffer.from(options.stdin ?? ''),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    out: () => out,
    err: () => err,
  };
}
