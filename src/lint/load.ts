/**
 * Reading lint's input: the config file, the directory walk, bounded reads of files and stdin, and
 * decoding bytes to text (UTF-8, or UTF-16 with its BOM). The only file-system reads of `lint`.
 */
import { accessSync, constants, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fsReason, readBounded } from '../input-file.js';
import type { Io } from '../io.js';
import { InputError } from '../errors.js';
import { escapeControls } from '../term/escape.js';
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

/** A manifest file larger than this is not a manifest (/dev/zero, a FIFO that never ends): an input error naming it. */
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

/** Directories a walk did not read, or read without rendering, for a note. */
interface WalkSkips {
  /** Helm chart templates are not manifests until rendered. */
  readonly helmTemplates: string[];
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

/** Kustomize output is bounded like a manifest file, and a render that hangs is stopped. */
const KUSTOMIZE_TIMEOUT_MS = 120_000;

interface WalkEntry {
  readonly abs: string;
  readonly shown: string;
  /** A kustomization directory to render instead of reading its files. */
  readonly kustomize?: true;
}

function walk(dirAbs: string, shown: string, out: WalkEntry[], skips: WalkSkips, render: boolean, visited = new Set<string>()): void {
  const real = realpathSync(dirAbs);
  if (visited.has(real)) return; // a symlink loop
  visited.add(real);
  const names = readdirSync(dirAbs).sort();
  // A kustomization root is rendered as a whole (its files are resources and patches of one output);
  // without a renderer its files are read as they are, and a note says so.
  if (names.some((n) => KUSTOMIZATION_FILES.includes(n))) {
    if (render) {
      out.push({ abs: dirAbs, shown, kustomize: true });
      return;
    }
    skips.kustomizeUnrendered.push(shown);
  }
  // A Helm chart (Chart.yaml next to templates/): its templates are Go templates, not manifests, and
  // would only give parse errors or a partial lint. Named on the command line, a template is still read.
  const isChart = names.includes('Chart.yaml');
  for (const name of names) {
    // Dot-files and dot-directories (.protocheck.yaml, .github/, .git/) are not manifests; named on the
    // command line, such a file is still read.
    if (name.startsWith('.')) continue;
    const abs = join(dirAbs, name);
    const sh = shown === '.' ? name : join(shown, name);
    let st;
    try {
      st = statSync(abs);
    } catch {
      continue; // a dangling symlink
    }
    if (st.isDirectory()) {
      if (isChart && name === 'templates') skips.helmTemplates.push(sh);
      else if (!SKIP_DIRS.has(name)) walk(abs, sh, out, skips, render, visited);
    } else if (EXTENSIONS.some((e) => name.endsWith(e))) out.push({ abs, shown: sh });
  }
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

export interface Input extends SourceText {
  /** The file to write --fix results to; null for stdin and rendered kustomize output. */
  readonly abs: string | null;
  readonly encoding: TextEncoding;
}

export interface ReadOptions {
  /** Render kustomization directories (false with --fix: fixes are written to the files themselves). */
  readonly renderKustomize: boolean;
}

/** `kustomize build DIR` (or `kubectl kustomize DIR`): the rendered stream, or why it failed. */
function renderKustomization(renderer: KustomizeRenderer, dirAbs: string, io: Io): { bytes: Buffer } | { error: string } {
  const r = spawnSync(renderer.command, [...renderer.args, dirAbs], {
    cwd: io.cwd,
    env: io.env as NodeJS.ProcessEnv,
    maxBuffer: MAX_MANIFEST_BYTES,
    timeout: KUSTOMIZE_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error !== undefined) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return { error: code === 'ENOBUFS' ? `output larger than ${MAX_MANIFEST_BYTES} bytes (64 MiB)` : code === 'ETIMEDOUT' ? `no output after ${KUSTOMIZE_TIMEOUT_MS / 1000} s` : fsReason(r.error) };
  }
  if (r.status !== 0) {
    // kustomize prints "Error: ..."; kubectl logs it klog-style: E1203 19:02:30.807170 961 run.go:72] "command failed" err="...".
    const lines = r.stderr.toString('utf8').split('\n').map((l) => l.replace(/^[EWIF]\d{4} [\d:.]+\s+\d+ [^\]]+\] (?:"command failed" err=)?/, '').replace(/^Error: /, '').trim());
    const first = lines.find((l) => l !== '') ?? `exit code ${r.status ?? r.signal}`;
    return { error: first.length > 300 ? first.slice(0, 300) + '...' : first };
  }
  return { bytes: r.stdout };
}

export async function readInputs(paths: readonly string[], io: Io, config: LintConfig, configDir: string, read: ReadOptions = { renderKustomize: true }): Promise<{ inputs: Input[]; failed: number; notes: string[] }> {
  const inputs: Input[] = [];
  const skips: WalkSkips = { helmTemplates: [], kustomizeUnrendered: [] };
  const renderer = read.renderKustomize ? findKustomizeRenderer(io.env) : undefined;
  const rendered: string[] = [];
  let failed = 0;
  let stdinRead = false;
  const seen = new Set<string>();
  for (const p of paths) {
    if (p === '-') {
      if (stdinRead) continue;
      stdinRead = true;
      inputs.push({ file: STDIN, ...decodeWithEncoding(await io.readStdin()), abs: null });
      continue;
    }
    const abs = resolve(io.cwd, p);
    try {
      const files: WalkEntry[] = [];
      if (statSync(abs).isDirectory()) walk(abs, p, files, skips, renderer !== undefined);
      else files.push({ abs, shown: p });
      for (const f of files) {
        if (seen.has(f.abs)) continue;
        seen.add(f.abs);
        if (config.ignore.length > 0 && isIgnoredPath(relative(configDir, f.abs), config.ignore)) continue;
        if (f.kustomize === true && renderer !== undefined) {
          const out = renderKustomization(renderer, f.abs, io);
          const label = `${f.shown.replace(/\/$/, '')}/ (${renderer.label})`;
          if ('error' in out) {
            failed++;
            io.stderr.write(`protocheck: cannot render ${escapeControls(f.shown)} with ${renderer.label}: ${escapeControls(out.error)}\n`);
            continue;
          }
          rendered.push(f.shown);
          inputs.push({ file: label, ...decodeWithEncoding(out.bytes), abs: null });
          continue;
        }
        let r: { bytes: Buffer; more: boolean };
        try {
          r = await readBounded(f.abs, MAX_MANIFEST_BYTES);
        } catch (error) {
          failed++;
          io.stderr.write(`protocheck: cannot read ${escapeControls(f.shown)}: ${fsReason(error)}\n`);
          continue;
        }
        if (r.more) {
          failed++;
          io.stderr.write(`protocheck: ${escapeControls(f.shown)} is larger than ${MAX_MANIFEST_BYTES} bytes (64 MiB): not read\n`);
          continue;
        }
          inputs.push({ file: f.shown, ...decodeWithEncoding(r.bytes), abs: f.abs });
      }
    } catch (error) {
      failed++;
      io.stderr.write(`protocheck: cannot read ${escapeControls(p)}: ${fsReason(error)}\n`);
    }
  }
  const notes = skips.helmTemplates.map((d) => `${d}/ skipped: Helm chart templates are linted once rendered (helm template ${dirname(d) === '.' ? '.' : dirname(d)} | protocheck lint -)`);
  const dirs = (list: readonly string[]) => list.map((d) => `${d.replace(/\/$/, '')}/`).join(', ');
  if (rendered.length > 0 && renderer !== undefined) notes.push(`${dirs(rendered)} rendered with ${renderer.label} (positions are lines of the rendered output)`);
  if (skips.kustomizeUnrendered.length > 0) {
    const why = read.renderKustomize ? 'neither kustomize nor kubectl is on PATH' : '--fix writes to the files themselves';
    notes.push(`${dirs(skips.kustomizeUnrendered)} not rendered (${why}): the kustomization's files were linted as they are, without its patches or generated names`);
  }
  return { inputs, failed, notes };
}

