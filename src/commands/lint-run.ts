/**
 * The I/O shell of `protocheck lint`: finds the config, reads files/directories/stdin, runs the pure
 * lint, renders the chosen format, and for --fix writes each changed file atomically.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { fsReason, readBounded } from '../input-file.js';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Io } from '../io.js';
import type { LintCliOptions } from './lint.js';
import { InputError, UsageError } from '../errors.js';
import { EXIT_USAGE } from '../exit-codes.js';
import { parseLinkerdVersion } from '../linkerd/version.js';
import { makeChalk } from '../term/color.js';
import { escapeControls } from '../term/escape.js';
import { packageVersion } from '../version.js';
import { CONFIG_FILE, EMPTY_CONFIG, isIgnoredPath, normalizeDocsUrl, parseConfig, type LintConfig } from '../lint/config.js';
import { exitCodeFor, lintParsed } from '../lint/engine.js';
import { isKubernetesObject, parseSource, type ParsedFile, type SourceText } from '../lint/parse.js';
import { RULES } from '../lint/rules/index.js';
import { applyEdits, FixError } from '../lint/fix.js';
import { unifiedDiff } from '../lint/diff.js';
import type { LintOptions } from '../lint/context.js';
import type { LintResult } from '../lint/types.js';
import { renderLintText } from '../report/lint-text.js';
import { renderLintJson } from '../report/lint-json.js';
import { renderLintSarif, type SarifOptions } from '../report/lint-sarif.js';
import { renderLintGithub } from '../report/lint-github.js';

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

async function loadConfig(io: Io, explicit: string | undefined): Promise<{ config: LintConfig; dir: string }> {
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

interface Input extends SourceText {
  readonly abs: string | null;
  readonly encoding: TextEncoding;
}

async function readInputs(paths: readonly string[], io: Io, config: LintConfig, configDir: string): Promise<{ inputs: Input[]; failed: number; notes: string[] }> {
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

/** Writes next to the original and renames over it; on any error the original is untouched. */
export function writeAtomic(path: string, text: string, encoding: TextEncoding = 'utf8'): void {
  const tmp = join(dirname(path), `.${basename(path)}.protocheck-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    const mode = statSync(path).mode & 0o7777;
    fd = openSync(tmp, 'wx', mode);
    writeSync(fd, encodeText(text, encoding));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file was never created
    }
    throw new InputError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)} (the original is unchanged)`);
  }
}

const MAX_FIX_ROUNDS = 5;
const FIX_ORDER = ['invalid-port-list', 'server-first-port-not-opaque', 'list-replaces-defaults', 'skip-instead-of-opaque', 'opaque-ports-mismatch'];

/** Lints, applies fixable edits, re-lints, until nothing fixable is left. Returns the new texts. */
export function fixRounds(inputs: readonly SourceText[], options: LintOptions, config: LintConfig): { texts: Map<string, string>; result: LintResult; files: ParsedFile[]; errors: string[] } {
  const texts = new Map(inputs.map((i) => [i.file, i.text]));
  const errors: string[] = [];
  const broken = new Set<string>();
  const parseAll = () => inputs.map((i) => parseSource({ file: i.file, text: texts.get(i.file) ?? i.text, ...(i.notText !== undefined ? { notText: i.notText } : {}) }));
  let files = parseAll();
  let result = lintParsed(files, options, config);
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    let changed = false;
    const byFile = new Map<string, typeof result.findings[number]['fixes'][number][]>();
    // Cleaning a list comes first; then the fixes whose values keep the defaults; the first edit of a path wins in a round.
    const rank = (id: string) => (FIX_ORDER.indexOf(id) === -1 ? FIX_ORDER.length : FIX_ORDER.indexOf(id));
    const ordered = [...result.findings].sort((a, b) => rank(a.ruleId) - rank(b.ruleId));
    for (const f of ordered) for (const e of f.fixes) if (!broken.has(e.file)) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    for (const [file, edits] of byFile) {
      try {
        const r = applyEdits(texts.get(file) ?? '', edits);
        if (r.applied > 0) {
          texts.set(file, r.text);
          changed = true;
        }
      } catch (error) {
        if (!(error instanceof FixError)) throw error;
        broken.add(file);
        errors.push(`protocheck: cannot fix ${escapeControls(file)}: ${escapeControls(error.message)}; left unchanged`);
        texts.set(file, inputs.find((i) => i.file === file)?.text ?? '');
        changed = true;
      }
    }
    if (!changed) break;
    files = parseAll();
    result = lintParsed(files, options, config);
  }
  return { texts, result, files, errors };
}

export async function runLint(paths: readonly string[], opts: LintCliOptions, io: Io): Promise<number> {
  if (paths.length === 0) throw new UsageError('lint needs files, directories or - for stdin', { hint: 'e.g. protocheck lint k8s/ or helm template . | protocheck lint -' });
  if (opts.dryRun && !opts.fix) throw new UsageError('--dry-run only works with --fix');
  let cliDocsUrl: string | undefined;
  if (opts.docsUrl !== undefined) {
    const d = normalizeDocsUrl(opts.docsUrl);
    if ('error' in d) throw new UsageError(`--docs-url ${d.error}`);
    cliDocsUrl = d.url;
  }
  const { config, dir } = await loadConfig(io, opts.config);
  const docsUrl = cliDocsUrl ?? config.docsUrl;
  const sarif: SarifOptions | undefined = opts.format === 'sarif' ? { ...(docsUrl !== undefined ? { docsUrl } : {}), ruleDocs: await readRuleDocs() } : undefined;
  const version = opts.linkerdGiven || config.linkerd === undefined ? opts.linkerd : parseLinkerdVersion(config.linkerd);
  const options: LintOptions = { version, assumeMeshed: config.assumeMeshed ?? true, cni: config.cni ?? false };
  const { inputs, failed, notes } = await readInputs(paths, io, config, dir);
  for (const n of notes) io.stderr.write(`protocheck: note: ${escapeControls(n)}\n`);
  if (inputs.length === 0) {
    if (failed === 0) io.stderr.write('protocheck: no input could be read (no .yaml, .yml or .json files found)\n');
    return EXIT_USAGE;
  }
  let result: LintResult;
  let parsed: readonly ParsedFile[];
  if (opts.fix) {
    const fixed = fixRounds(inputs, options, config);
    parsed = fixed.files;
    for (const e of fixed.errors) io.stderr.write(e + '\n');
    result = fixed.result;
    for (const input of inputs) {
      const next = fixed.texts.get(input.file) ?? input.text;
      if (opts.dryRun) {
        io.stdout.write(unifiedDiff(input.text, next, `a/${input.file}`, `b/${input.file}`));
      } else if (input.abs === null) {
        io.stdout.write(next);
      } else if (next !== input.text) {
        writeAtomic(input.abs, next, input.encoding);
        io.stderr.write(`protocheck: fixed ${escapeControls(input.file)}\n`);
      }
    }
    // The report of what is left goes to stderr when stdout carries the diff or the fixed stream.
    const toStderr = opts.dryRun || inputs.some((i) => i.abs === null);
    const out = render(result, opts, io, toStderr, sarif);
    (toStderr ? io.stderr : io.stdout).write(out);
  } else {
    parsed = inputs.map((i) => parseSource(i));
    result = lintParsed(parsed, options, config);
    io.stdout.write(render(result, opts, io, false, sarif));
  }
  for (const n of result.notes ?? []) io.stderr.write(`protocheck: note: ${escapeControls(n)}\n`);
  // Text that holds no Kubernetes object (an empty helm template, a values file, a README.json) is not an
  // error, but a CI job that lints nothing should not pass silently.
  if (!parsed.some((f) => f.objects.some(isKubernetesObject) || f.problems.some((p) => p.fatal))) io.stderr.write(`protocheck: note: no Kubernetes objects in the input (no document has both apiVersion and kind), nothing was linted\n`);
  return exitCodeFor(result.findings, opts.failOn);
}

/** docs/rules/<id>.md of the package (it ships docs/), for SARIF `help`; a missing page falls back to the summary. */
async function readRuleDocs(): Promise<Map<string, string>> {
  const { RULE_DOCS_DIR } = await import('./rules-run.js');
  const out = new Map<string, string>();
  for (const r of RULES) {
    try {
      out.set(r.meta.id, readFileSync(`${RULE_DOCS_DIR}${r.meta.id}.md`, 'utf8'));
    } catch {
      // not shipped: the rule's summary and helpUri are used
    }
  }
  return out;
}

function render(result: LintResult, opts: LintCliOptions, io: Io, toStderr: boolean, sarif?: SarifOptions): string {
  switch (opts.format) {
    case 'json':
      return renderLintJson(result);
    case 'sarif':
      return renderLintSarif(relativeFiles(result, io.cwd), RULES.map((r) => r.meta), packageVersion(), sarif);
    case 'github':
      return renderLintGithub(result);
    case 'text':
      return renderLintText(result, makeChalk(io.env, toStderr ? io.stderr : io.stdout, opts.color ? undefined : false));
  }
}

/** SARIF wants URIs relative to the checkout: absolute paths are made relative to the working directory. */
function relativeFiles(result: LintResult, cwd: string): LintResult {
  return { ...result, findings: result.findings.map((f) => (isAbsolute(f.file) ? { ...f, file: relative(cwd, f.file) } : f)) };
}
