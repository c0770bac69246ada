/** `--format json` for `protocheck lint` (schema in docs/commands/lint.md). Pure. */
import type { LintResult } from '../lint/types.js';
import { findingText } from './lint-message.js';

export function lintJson(result: LintResult): unknown {
  return {
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      messageId: f.messageId,
      message: findingText(f),
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      object: f.object,
      port: f.port,
      evidence: f.evidence,
      suggestions: f.suggestions,
    })),
    summary: result.summary,
  };
}

export function renderLintJson(result: LintResult): string {
  return JSON.stringify(lintJson(result), null, 2) + '\n';
}
