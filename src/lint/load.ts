/**
 * Reading lint's input: the config file, the directory walk, bounded reads of files and stdin, and
 * decoding bytes to text (UTF-8, or UTF-16 with its BOM). The only file-system reads of `lint`.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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

/** Directories a walk did not read, for a note (Helm chart templates are not manifests until rendered). */
interface WalkSkips {
  readonly helmTemplates: string[];
}

function walk(dirAbs: string, shown: string, out: Array<{ abs: string; shown: string }>, skips: WalkSkips, visited = new Set<string>()): void {
  const real = realpathSync(dirAbs);
  if (visited.has(real)) return; // a symlink loop
  visited.add(real);
  const names = readdirSync(dirAbs).sort();
  // A Helm chart (Chart.yaml next to templates/): its templates are Go templates, not manifests, and
  // would only give parse errors or a partial lint. Named on the command line, a template is still read.
  const isChart = names.includes('Chart.yaml');
  for (const name of names) {
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
      else if (!SKIP_DIRS.has(name)) walk(abs, sh, out, skips, visited);
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
  readonly abs: string | null;
  readonly encoding: TextEncoding;
}

export async function readInputs(paths: readonly string[], io: Io, config: LintConfig, configDir: string): Promise<{ inputs: Input[]; failed: number; notes: string[] }> {
  const inputs: Input[] = [];
  const skips: WalkSkips = { helmTemplates: [] };
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
      const files: Array<{ abs: string; shown: string }> = [];
      if (statSync(abs).isDirectory()) walk(abs, p, files, skips);
      else files.push({ abs, shown: p });
      for (const f of files) {
        if (seen.has(f.abs)) continue;
        seen.add(f.abs);
        if (config.ignore.length > 0 && isIgnoredPath(relative(configDir, f.abs), config.ignore)) continue;
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
  return { inputs, failed, notes };
}

