/** Text report for `protocheck lint`: grouped by file, one line per finding plus its suggestions. Pure. */
import { findingText } from './lint-message.js';
import type { ChalkInstance } from 'chalk';
import { escapeText } from '../term/escape.js';
import type { Finding, LintResult, Severity } from '../lint/types.js';
import type { Suggestion } from '../linkerd/model.js';

export function describeSuggestion(s: Suggestion): string {
  const obj = s.object ? `${s.object.kind}/${s.object.name}` : s.target;
  const where = s.target === 'pod-template' ? `pod template of ${obj}` : s.target === 'client-pod' ? `client pods${s.object ? ` (${obj})` : ''}` : obj;
  const key = s.key.startsWith('spec.ports[]') && s.port !== undefined ? s.key.replace('spec.ports[]', `spec.ports[port ${s.port}]`) : s.key;
  if ((s as { remove?: boolean }).remove === true) return `${s.alternative ? 'or ' : ''}remove ${key} from ${where} (${s.reason})`;
  return `${s.alternative ? 'or ' : ''}set ${key}: "${s.value}" on ${where} (${s.reason})`;
}

/**
 * `docsFor` gives a rule's documentation (a URL, or `protocheck rules ID`), printed under the fixes of
 * the rule's first finding in each file; without it there is no docs line.
 */
export function renderLintText(result: LintResult, chalk: ChalkInstance, docsFor?: (ruleId: string) => string): string {
  const color: Record<Severity, (s: string) => string> = { error: chalk.red, warning: chalk.yellow, info: chalk.blue };
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  let out = '';
  for (const [file, findings] of byFile) {
    out += chalk.underline(escapeText(file)) + '\n';
    // The same fix under several findings (one list, several problems) is printed once, under the first.
    const printed = new Set<string>();
    for (const f of findings) {
      const pos = `${f.line}:${f.column}`.padEnd(7);
      out += `  ${chalk.dim(pos)} ${color[f.severity](f.severity.padEnd(7))} ${chalk.bold(f.ruleId)}  ${escapeText(findingText(f))}\n`;
      for (const s of f.suggestions) {
        const text = describeSuggestion(s);
        if (printed.has(text)) continue;
        printed.add(text);
        out += `          ${chalk.green('fix:')} ${escapeText(text)}\n`;
      }
      // The rule's documentation, under its first finding in the file.
      if (docsFor !== undefined && !printed.has(`docs:${f.ruleId}`)) {
        printed.add(`docs:${f.ruleId}`);
        out += `          ${chalk.dim('docs:')} ${escapeText(docsFor(f.ruleId))}\n`;
      }
    }
    out += '\n';
  }
  const s = result.summary;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const counts = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}`;
  out += `${result.findings.length === 0 ? chalk.green('No findings') : counts} in ${plural(s.files, 'file')} (${plural(s.documents, 'document')}, ${plural(s.objects, 'object')})\n`;
  return out;
}
