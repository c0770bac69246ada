/**
 * `--fix` as a whole: lint, apply the fixable edits, re-lint until nothing fixable is left (fixRounds),
 * and write a changed file back safely (writeAtomic).
 */
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from '../errors.js';
import { escapeControls } from '../term/escape.js';
import type { LintConfig } from './config.js';
import type { LintOptions } from './context.js';
import { lintParsed } from './engine.js';
import { applyEdits, FixError } from './fix.js';
import { encodeText, type TextEncoding } from './load.js';
import { parseSource, type ParsedFile, type SourceText } from './parse.js';
import type { LintResult } from './types.js';

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

