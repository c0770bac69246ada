/**
 * `--fix` as a whole: lint, apply the fixable edits, re-lint until nothing fixable is left (fixRounds),
 * and write a changed file back safely (writeAtomic).
 */
import { accessSync, closeSync, constants, fchmodSync, fchownSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { fsReason } from '../input-file.js';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from '../errors.js';
import { escapeControls } from '../term/escape.js';
import type { LintConfig } from './config.js';
import type { LintOptions } from './context.js';
import { lintParsed } from './engine.js';
import { applyEdit, FixError } from './fix.js';
import { encodeText, sha256, showName, type ReadStamp, type TextEncoding } from './load.js';
import { parseSource, type ParsedFile, type SourceText } from './parse.js';
import type { FixEdit, LintResult } from './types.js';

/** Why --fix left a file untouched (one line, without the file name). */
export class FixRefused extends Error {}

export interface WriteOptions {
  /** What was read: the file is left untouched when it no longer matches (size, mtime, content). */
  readonly expect?: ReadStamp;
  /** Also replace a file without write permission (its mode is kept). */
  readonly allowReadOnly?: boolean;
}

function unchangedSince(target: Buffer, expect: ReadStamp): boolean {
  const st = statSync(target);
  if (st.dev !== expect.dev || st.ino !== expect.ino || st.size !== expect.size || st.mtimeMs !== expect.mtimeMs) return false;
  return sha256(readFileSync(target)) === expect.sha256;
}

/**
 * Replaces a file's content safely: writes through a symbolic link to its target, keeps owner, group
 * and mode, refuses a read-only file (unless allowed) and a file with more than one hard link (a rename
 * would split the links), and checks just before the rename that the file is still what was read (an
 * append by another process is never lost). The new content goes to a temporary file next to the
 * target, fsynced, then renamed over it: on any error the original is untouched and no temporary file
 * is left. Throws FixRefused (left untouched on purpose) or InputError (the write failed).
 */
export function writeAtomic(path: string | Buffer, text: string, encoding: TextEncoding = 'utf8', options: WriteOptions = {}): void {
  const shown = escapeControls(Buffer.isBuffer(path) ? showName(path) : path);
  let target: Buffer;
  let st: Stats;
  try {
    // Through symbolic links: the target is what gets fixed (paths as bytes: a name need not be UTF-8).
    target = realpathSync.native(Buffer.isBuffer(path) ? path : Buffer.from(path), { encoding: 'buffer' });
    st = statSync(target);
  } catch (error) {
    throw new InputError(`cannot write ${shown}: ${fsReason(error)} (the original is unchanged)`);
  }
  if (!st.isFile()) throw new FixRefused('not a regular file');
  if (st.nlink > 1) throw new FixRefused(`it has ${st.nlink} hard links, which a rewrite would split (the other names would keep the old text); fix it by hand or break the link (cp --remove-destination)`);
  if (options.allowReadOnly !== true) {
    let writable = (st.mode & 0o222) !== 0;
    try {
      accessSync(target, constants.W_OK);
    } catch {
      writable = false;
    }
    if (!writable) throw new FixRefused('it is read-only (lint --fix-read-only replaces it anyway, keeping its mode)');
  }
  if (options.expect !== undefined && !unchangedSince(target, options.expect)) throw new FixRefused('it changed since it was read');
  const t = target.toString('latin1');
  const tmp = Buffer.from(join(dirname(t), `.${basename(t)}.protocheck-${process.pid}-${randomBytes(4).toString('hex')}.tmp`), 'latin1');
  let fd: number | undefined;
  let created = false;
  try {
    fd = openSync(tmp, 'wx', 0o600);
    created = true;
    // Owner and group first (chown clears set-id bits), then the mode; a file whose owner cannot be kept is not replaced.
    const uid = process.getuid?.();
    const gid = process.getgid?.();
    if (st.uid !== uid || st.gid !== gid) {
      try {
        fchownSync(fd, st.uid, st.gid);
      } catch {
        throw new FixRefused(`its owner or group (${st.uid}:${st.gid}) cannot be kept by this user`);
      }
    }
    fchmodSync(fd, st.mode & 0o7777);
    writeSync(fd, encodeText(text, encoding));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (options.expect !== undefined && !unchangedSince(target, options.expect)) throw new FixRefused('it changed since it was read');
    renameSync(tmp, target);
    created = false;
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    if (created) {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
    }
    if (error instanceof FixRefused) throw error;
    throw new InputError(`cannot write ${shown}: ${fsReason(error)} (the original is unchanged)`);
  }
}

const MAX_FIX_ROUNDS = 5;
const FIX_ORDER = ['invalid-port-list', 'server-first-port-not-opaque', 'list-replaces-defaults', 'skip-instead-of-opaque', 'opaque-ports-mismatch'];

/** Lints, applies fixable edits, re-lints, until nothing fixable is left. Returns the new texts. */
export function fixRounds(inputs: readonly SourceText[], options: LintOptions, config: LintConfig): { texts: Map<string, string>; result: LintResult; files: ParsedFile[]; errors: string[] } {
  const texts = new Map(inputs.map((i) => [i.file, i.text]));
  const errors: string[] = [];
  // Edits that cannot be applied safely (through a YAML alias, no mapping to add to, ...): said once, left out; the file's other edits still apply.
  const refused = new Set<string>();
  const parseAll = () => inputs.map((i) => parseSource({ file: i.file, text: texts.get(i.file) ?? i.text, ...(i.notText !== undefined ? { notText: i.notText } : {}) }));
  let files = parseAll();
  let result = lintParsed(files, options, config);
  const editKey = (e: FixEdit) => `${e.file}\u0000${e.doc}\u0000${e.path.join('\u0000')}`;
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    let changed = false;
    const byFile = new Map<string, FixEdit[]>();
    // Cleaning a list comes first; then the fixes whose values keep the defaults; the first edit of a path wins in a round.
    const rank = (id: string) => (FIX_ORDER.indexOf(id) === -1 ? FIX_ORDER.length : FIX_ORDER.indexOf(id));
    const ordered = [...result.findings].sort((a, b) => rank(a.ruleId) - rank(b.ruleId));
    for (const f of ordered) {
      for (const e of f.fixes) {
        if (refused.has(editKey(e))) continue;
        const list = byFile.get(e.file);
        if (list) list.push(e);
        else byFile.set(e.file, [e]);
      }
    }
    for (const [file, edits] of byFile) {
      let text = texts.get(file) ?? '';
      const seen = new Set<string>();
      for (const e of edits) {
        const k = editKey(e);
        if (seen.has(k)) continue;
        seen.add(k);
        try {
          const next = applyEdit(text, e);
          if (next !== text) changed = true;
          text = next;
        } catch (error) {
          if (!(error instanceof FixError)) throw error;
          refused.add(k);
          errors.push(`protocheck: cannot fix ${escapeControls(file)}: ${escapeControls(error.message)}; that change is left out`);
        }
      }
      texts.set(file, text);
    }
    if (!changed) break;
    files = parseAll();
    result = lintParsed(files, options, config);
  }
  return { texts, result, files, errors };
}

