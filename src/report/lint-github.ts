/**
 * `--format github`: GitHub Actions workflow commands (`::error file=..,line=..::message`), errors
 * first because GitHub shows only 10 annotations per level and step. Escaping as actions/toolkit
 * packages/core/src/command.ts: data `%`, CR, LF; properties also `:` and `,`. Pure.
 */
import type { Finding, LintResult, Severity } from '../lint/types.js';
import { SEVERITY_RANK } from '../lint/types.js';
import { describeSuggestion } from './lint-text.js';
import { helmNote, isHelmSource } from './lint-sarif.js';
import { findingText } from './lint-message.js';

export function escapeData(s: string): string {
  // Other control bytes from a manifest (ESC sequences...) are shown, not interpreted by the log viewer.
  const visible = s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return visible.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export function githubLine(f: Finding): string {
  const position = isHelmSource(f) ? [] : [`line=${f.line}`, `endLine=${f.endLine}`, `col=${f.column}`, `endColumn=${f.endColumn}`];
  const props = [`file=${escapeProperty(f.file)}`, ...position, `title=${escapeProperty(`protocheck ${f.ruleId}/${f.messageId}`)}`];
  const fix = f.suggestions.map((s) => `\nfix: ${describeSuggestion(s)}`).join('');
  return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(findingText(f) + helmNote(f) + fix)}`;
}

export function renderLintGithub(result: LintResult): string {
  const sorted = [...result.findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  const s = result.summary;
  let out = sorted.map((f) => githubLine(f) + '\n').join('');
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  out += `protocheck lint: ${n(s.errors, 'error')}, ${n(s.warnings, 'warning')}, ${n(s.infos, 'info')} in ${n(s.files, 'file')}${result.findings.length > 10 ? ' (GitHub shows at most 10 annotations per level and step; use --format sarif for all)' : ''}\n`;
  return out;
}
