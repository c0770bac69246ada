/**
 * Reading lint's input: the config file, the directory walk, bounded reads of files and stdin, and
 * decoding bytes to text (UTF-8, or UTF-16 with its BOM). The only file-system reads of `lint`.
 */
import { accessSync, constants, existsSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { open } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fsReason, readBounded, readBoundedStream } from '../input-file.js';
import type { Io } from '../io.js';
import { InputError } from '../errors.js';
import { escapeBytes, escapeControls } from '../term/escape.js';
import { CONFIG_FILE, EMPTY_CONFIG, isIgnoredPath, parseConfig, type LintConfig } from './config.js';
import type { SourceText } from './parse.js';
import { RULES } from './rules/index.js';

export const STDIN = '<stdin>';
const EXTENSIONS = ['.yaml', '.yml', '.json'];
const SKIP_DIRS = new Set(['node_modules', '.git']);

export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const f = join(dir, CONFIG_FILE);
    if (existsSync(f)) return f;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/**
 * The default bound on one input (a file or stdin; --max-input-bytes changes it): a `kubectl get -A -o yaml`
 * of a large cluster (250,000 objects, about 50 MB) fits; /dev/zero or a FIFO that never ends is an input
 * error naming it.
 */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
/** A config larger than this is not a .protocheck.yaml. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export async function loadConfig(io: Io, explicit: string | undefined): Promise<{ config: LintConfig; dir: string }> {
  const file = explicit !== undefined ? resolve(io.cwd, explicit) : findConfig(io.cwd);
  if (file === undefined) return { config: EMPTY_CONFIG, dir: io.cwd };
  const shown = escapeControls(explicit ?? file);
  let r: { bytes: Buffer; more: boolean };
  try {
    r = await readBounded(file, MAX_CONFIG_BYTES);
  } catch (error) {
    throw new InputError(`cannot read config ${shown}: ${fsReason(error)}`, { cause: error });
  }
  if (r.more) throw new InputError(`config ${shown} is larger than ${MAX_CONFIG_BYTES} bytes (1 MiB): not a protocheck config`);
  const decoded = decodeWithEncoding(r.bytes);
  if (decoded.notText !== undefined) throw new InputError(`config ${shown} is not text (${decoded.notText})`);
  return { config: parseConfig(decoded.text, shown, RULES.map((r) => r.meta.id)), dir: dirname(file) };
}

/** What a walk did not read, for notes (one per kind, with a count): nothing is skipped silently. */
export interface WalkSkips {
  /** Helm chart templates/ directories (Go templates, not manifests until rendered). */
  readonly helmTemplates: string[];
  /** Entries with a manifest extension that are not regular files (FIFO, socket, device): reading them could block forever. */
  readonly special: string[];
  /** Symbolic links with a manifest extension whose target does not exist. */
  readonly dangling: string[];
  /** Kustomization directories read as plain files (no renderer, or --fix). */
  readonly kustomizeUnrendered: string[];
}

/** The files that make a directory a kustomization root (kustomize's own list). */
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** How kustomization directories are rendered: `kustomize build DIR` or `kubectl kustomize DIR`. */
export interface KustomizeRenderer {
  readonly command: string;
  readonly args: readonly string[];
  /** What the notes and file labels call it: "kustomize build" or "kubectl kustomize". */
  readonly label: string;
}

function onPath(name: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** kustomize on PATH, else kubectl (it embeds kustomize since 1.14), else none. */
export function findKustomizeRenderer(env: Io['env']): KustomizeRenderer | undefined {
  const kustomize = onPath('kustomize', env['PATH']);
  if (kustomize !== undefined) return { command: kustomize, args: ['build'], label: 'kustomize build' };
  const kubectl = onPath('kubectl', env['PATH']);
  if (kubectl !== undefined) return { command: kubectl, args: ['kustomize'], label: 'kubectl kustomize' };
  return undefined;
}

/** A render that hangs is stopped (its output is bounded like a file). */
const KUSTOMIZE_TIMEOUT_MS = 120_000;

/** `kustomize build DIR` (or `kubectl kustomize DIR`): the rendered stream, or why it failed. */
function renderKustomization(renderer: KustomizeRenderer, dir: Buffer, io: Io, maxBytes: number): { bytes: Buffer } | { error: string } {
  const r = spawnSync(renderer.command, [...renderer.args, dir.toString('utf8')], {
    cwd: io.cwd,
    env: io.env as NodeJS.ProcessEnv,
    maxBuffer: maxBytes,
    timeout: KUSTOMIZE_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error !== undefined) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return { error: code === 'ENOBUFS' ? `output larger than ${maxBytes} bytes${mib(maxBytes)}` : code === 'ETIMEDOUT' ? `no output after ${KUSTOMIZE_TIMEOUT_MS / 1000} s` : fsReason(r.error) };
  }
  if (r.status !== 0) {
    // kustomize prints "Error: ..."; kubectl logs it klog-style: E1203 19:02:30.807170 961 run.go:72] "command failed" err="...".
    const lines = r.stderr.toString('utf8').split('\n').map((l) => l.replace(/^[EWIF]\d{4} [\d:.]+\s+\d+ [^\]]+\] (?:"command failed" err=)?/, '').replace(/^Error: /, '').trim());
    const first = lines.find((l) => l !== '') ?? `exit code ${r.status ?? r.signal}`;
    return { error: first.length > 300 ? first.slice(0, 300) + '...' : first };
  }
  return { bytes: r.stdout };
}

/** A file a walk found: its path as bytes (a name need not be UTF-8) and as shown (non-UTF-8 bytes escaped as \xNN). */
export interface FoundFile {
  readonly path: Buffer;
  readonly shown: string;
  /** A kustomization directory to render instead of reading its files. */
  readonly kustomize?: true;
}

const UTF8_NAME = new TextDecoder('utf-8', { fatal: true });

/** A directory entry's name for messages: as is when it is UTF-8, else every byte outside printable ASCII as \xNN. */
export function showName(name: Buffer): string {
  try {
    return UTF8_NAME.decode(name);
  } catch {
    return escapeBytes(name);
  }
}

function kindOf(st: Stats): string {
  return st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : 'not a regular file';
}

function joinBytes(dir: Buffer, name: Buffer): Buffer {
  return Buffer.concat([dir, Buffer.from(dir.length > 0 && dir[dir.length - 1] !== 0x2f ? '/' : ''), name]);
}

function walk(dir: Buffer, shown: string, out: FoundFile[], skips: WalkSkips, errors: string[], render: boolean, visited = new Set<string>()): void {
  let names: Buffer[];
  try {
    const real = realpathSync.native(dir, { encoding: 'buffer' }).toString('latin1');
    if (visited.has(real)) return; // a symlink loop
    visited.add(real);
    // Names as bytes: a name that is not valid UTF-8 is read (and shown escaped), never dropped.
    names = readdirSync(dir, { encoding: 'buffer' }).sort(Buffer.compare);
  } catch (error) {
    errors.push(`cannot read ${escapeControls(shown)}: ${fsReason(error)}`);
    return;
  }
  // A kustomization root is rendered as a whole (its files are resources and patches of one output);
  // without a renderer its files are read as they are, and a note says so.
  if (names.some((n) => KUSTOMIZATION_FILES.includes(n.toString('latin1')))) {
    if (render) {
      out.push({ path: dir, shown, kustomize: true });
      return;
    }
    skips.kustomizeUnrendered.push(shown);
  }
  // A Helm chart (Chart.yaml next to templates/): its templates are Go templates, not manifests, and
  // would only give parse errors or a partial lint. Named on the command line, a template is still read.
  const isChart = names.some((n) => n.toString('latin1') === 'Chart.yaml');
  for (const raw of names) {
    const name = raw.toString('latin1');
    // Dot-files and dot-directories (.protocheck.yaml, .github/, .git/) are not manifests; named on the
    // command line, such a file is still read.
    if (name.startsWith('.')) continue;
    const path = joinBytes(dir, raw);
    const display = showName(raw);
    const sh = shown === '.' ? display : join(shown, display);
    const manifest = EXTENSIONS.some((e) => name.endsWith(e));
    let st: Stats;
    try {
      st = statSync(path);
    } catch (error) {
      if (!manifest) continue;
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') skips.dangling.push(sh);
      else errors.push(`cannot read ${escapeControls(sh)}: ${fsReason(error)}`);
      continue;
    }
    if (st.isDirectory()) {
      if (isChart && name === 'templates') skips.helmTemplates.push(sh);
      else if (!SKIP_DIRS.has(name)) walk(path, sh, out, skips, errors, render, visited);
    } else if (manifest) {
      if (st.isFile()) out.push({ path, shown: sh });
      else skips.special.push(`${sh} (${kindOf(st)})`);
    }
  }
}

/** Up to five names, then how many more. */
function listSome(names: readonly string[]): string {
  const shown = names.slice(0, 5).map(escapeControls).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

/** One note per kind of skip, with a count. */
export function skipNotes(skips: WalkSkips): string[] {
  const notes = skips.helmTemplates.map((d) => `${d}/ skipped: Helm chart templates are linted once rendered (helm template ${dirname(d) === '.' ? '.' : dirname(d)} | protocheck lint -)`);
  const n = skips.special.length;
  if (n > 0) notes.push(`${n} ${n === 1 ? 'entry' : 'entries'} skipped, not regular files (a directory walk reads regular files only; name one on the command line to read it like cat): ${listSome(skips.special)}`);
  const d = skips.dangling.length;
  if (d > 0) notes.push(`${d} symbolic ${d === 1 ? 'link' : 'links'} skipped, the target does not exist: ${listSome(skips.dangling)}`);
  return notes;
}

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

/** File bytes to text: UTF-8 (a BOM is dropped by the YAML parser), or UTF-16 with its BOM (Windows editors save YAML so). */
export function decodeText(buf: Buffer): string {
  return decodeWithEncoding(buf).text;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * File bytes to text. `notText` says why the bytes are not a text file (a NUL byte, or invalid UTF-8
 * after an optional BOM): binary garbage is reported, not read as a YAML scalar.
 */
export function decodeWithEncoding(buf: Buffer): { text: string; encoding: TextEncoding; notText?: string } {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return withNul({ text: buf.subarray(2).toString('utf16le'), encoding: 'utf16le' });
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff && buf.length % 2 === 0) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return withNul({ text: swapped.toString('utf16le'), encoding: 'utf16be' });
  }
  const nul = buf.indexOf(0);
  if (nul !== -1) return { text: '', encoding: 'utf8', notText: `a NUL byte at offset ${nul}` };
  try {
    UTF8.decode(buf);
  } catch {
    return { text: '', encoding: 'utf8', notText: `invalid UTF-8 at offset ${firstInvalidUtf8(buf)}` };
  }
  return { text: buf.toString('utf8'), encoding: 'utf8' };
}

function withNul(d: { text: string; encoding: TextEncoding }): { text: string; encoding: TextEncoding; notText?: string } {
  const i = d.text.indexOf('\0');
  return i === -1 ? d : { text: '', encoding: d.encoding, notText: `a NUL character at character ${i}` };
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (a binary search over decodable prefixes would be slower to read). */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > buf.length) return i;
    try {
      UTF8.decode(buf.subarray(i, i + n));
    } catch {
      return i;
    }
    i += n;
  }
  return i;
}

/** Text back to the bytes of its file's encoding (UTF-16 with its BOM again). */
export function encodeText(text: string, encoding: TextEncoding): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (encoding === 'utf16le') return le;
  le.swap16();
  return le;
}

/** What was read, and how to check before --fix replaces it that it is still what was read. */
export interface ReadStamp {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  /** SHA-256 of the bytes read. */
  readonly sha256: string;
}

export interface Input extends SourceText {
  /** The path to write a fix to (bytes: a name need not be UTF-8); null for stdin and special files. */
  readonly abs: Buffer | null;
  readonly encoding: TextEncoding;
  readonly stamp?: ReadStamp;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Up to `maxBytes` of a file and whether it had more, with what --fix checks before replacing it. Named
 * special files (a FIFO, /dev/stdin, a process substitution) are read as a stream until EOF, like `cat`;
 * the buffer grows with what arrives, not with the bound.
 */
export async function readSource(path: string | Buffer, maxBytes: number): Promise<{ bytes: Buffer; more: boolean; regular: boolean; stamp?: ReadStamp }> {
  const handle = await open(path, 'r');
  try {
    const st = await handle.stat();
    const parts: Buffer[] = [];
    let n = 0;
    let chunk = Buffer.allocUnsafe(st.isFile() ? Math.min(maxBytes + 1, Math.max(st.size + 1, 16)) : 65_536);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      parts.push(chunk.subarray(0, bytesRead));
      n += bytesRead;
      if (n > maxBytes) break;
      if (bytesRead === chunk.length) chunk = Buffer.allocUnsafe(Math.min(maxBytes + 1 - n, Math.max(65_536, n)));
      else chunk = chunk.subarray(bytesRead);
    }
    const all = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const bytes = all.subarray(0, Math.min(n, maxBytes));
    if (!st.isFile()) return { bytes, more: n > maxBytes, regular: false };
    return { bytes, more: n > maxBytes, regular: true, stamp: { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, sha256: sha256(bytes) } };
  } finally {
    await handle.close();
  }
}

function mib(n: number): string {
  return n % (1024 * 1024) === 0 ? ` (${n / 1024 / 1024} MiB)` : '';
}

export interface ReadOptions {
  /** Render kustomization directories (false with --fix: fixes are written to the files themselves). */
  readonly renderKustomize: boolean;
}

export async function readInputs(paths: readonly string[], io: Io, config: LintConfig, configDir: string, maxBytes = MAX_MANIFEST_BYTES, read: ReadOptions = { renderKustomize: true }): Promise<{ inputs: Input[]; failed: number; notes: string[] }> {
  const inputs: Input[] = [];
  const skips: WalkSkips = { helmTemplates: [], special: [], dangling: [], kustomizeUnrendered: [] };
  const renderer = read.renderKustomize ? findKustomizeRenderer(io.env) : undefined;
  const rendered: string[] = [];
  let failed = 0;
  let stdinRead = false;
  const seen = new Set<string>();
  const inodes = new Map<string, string>();
  const sameFile: string[] = [];
  const tooLarge = (shown: string) => `protocheck: ${shown} is larger than ${maxBytes} bytes${mib(maxBytes)}: not read (raise the bound with --max-input-bytes)\n`;
  for (const p of paths) {
    if (p === '-') {
      if (stdinRead) continue;
      stdinRead = true;
      const r = await readBoundedStream(io.stdinStream(), maxBytes);
      if (r.more) {
        failed++;
        io.stderr.write(tooLarge('standard input'));
        continue;
      }
      inputs.push({ file: STDIN, ...decodeWithEncoding(r.bytes), abs: null });
      continue;
    }
    const abs = Buffer.from(resolve(io.cwd, p));
    const files: FoundFile[] = [];
    const errors: string[] = [];
    let top: Stats;
    try {
      top = statSync(abs);
    } catch (error) {
      failed++;
      io.stderr.write(`protocheck: cannot read ${escapeControls(p)}: ${fsReason(error)}\n`);
      continue;
    }
    if (top.isDirectory()) walk(abs, p, files, skips, errors, renderer !== undefined);
    else files.push({ path: abs, shown: p });
    for (const e of errors) io.stderr.write(`protocheck: ${e}\n`);
    failed += errors.length;
    for (const f of files) {
      const key = f.path.toString('latin1');
      if (seen.has(key)) continue;
      seen.add(key);
      if (config.ignore.length > 0 && isIgnoredPath(relative(configDir, f.path.toString('utf8')), config.ignore)) continue;
      if (f.kustomize === true && renderer !== undefined) {
        const out = renderKustomization(renderer, f.path, io, maxBytes);
        if ('error' in out) {
          failed++;
          io.stderr.write(`protocheck: cannot render ${escapeControls(f.shown)} with ${renderer.label}: ${escapeControls(out.error)}\n`);
          continue;
        }
        rendered.push(f.shown);
        inputs.push({ file: `${f.shown.replace(/\/$/, '')}/ (${renderer.label})`, ...decodeWithEncoding(out.bytes), abs: null });
        continue;
      }
      let r: Awaited<ReturnType<typeof readSource>>;
      try {
        r = await readSource(f.path, maxBytes);
      } catch (error) {
        failed++;
        io.stderr.write(`protocheck: cannot read ${escapeControls(f.shown)}: ${fsReason(error)}\n`);
        continue;
      }
      if (r.more) {
        failed++;
        io.stderr.write(tooLarge(escapeControls(f.shown)));
        continue;
      }
      if (r.stamp !== undefined) {
        // The same file under a second name (a symbolic or hard link): read once, so its findings are not doubled and --fix writes it once.
        const id = `${r.stamp.dev}:${r.stamp.ino}`;
        const first = inodes.get(id);
        if (first !== undefined) {
          sameFile.push(`${f.shown} (= ${first})`);
          continue;
        }
        inodes.set(id, f.shown);
      }
      // A special file named on the command line (a FIFO, /dev/stdin) is read like cat; --fix prints it like stdin.
      inputs.push({ file: f.shown, ...decodeWithEncoding(r.bytes), abs: r.regular ? f.path : null, ...(r.stamp !== undefined ? { stamp: r.stamp } : {}) });
    }
  }
  const notes = skipNotes(skips);
  const dirs = (list: readonly string[]) => list.map((d) => `${d.replace(/\/$/, '')}/`).join(', ');
  if (rendered.length > 0 && renderer !== undefined) notes.push(`${dirs(rendered)} rendered with ${renderer.label} (positions are lines of the rendered output)`);
  if (skips.kustomizeUnrendered.length > 0) {
    const why = read.renderKustomize ? 'neither kustomize nor kubectl is on PATH' : '--fix writes to the files themselves';
    notes.push(`${dirs(skips.kustomizeUnrendered)} not rendered (${why}): the kustomization's files were linted as they are, without its patches or generated names`);
  }
  if (sameFile.length > 0) notes.push(`${sameFile.length} ${sameFile.length === 1 ? 'name' : 'names'} of a file already read (a symbolic or hard link), read once: ${listSome(sameFile)}`);
  return { inputs, failed, notes };
}
