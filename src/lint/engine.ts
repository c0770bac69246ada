/** Runs the registered rules over parsed sources and turns reports into positioned findings. Pure. */
import { LintContext, type LintOptions } from './context.js';
import { buildModel, refOf } from './k8s.js';
import { isKubernetesObject, parseSource, type ParsedFile, type SourceText } from './parse.js';
import { RULES } from './rules/index.js';
import { isSpan, type Report, type Rule } from './rule.js';
import { ignoredRules, isSuppressed } from './suppress.js';
import { SEVERITY_RANK, type FailOn, type Finding, type LintResult, type Severity, type Span } from './types.js';
import { spanOf } from './yaml-nodes.js';
import { renderMessage } from './message.js';
import type { LintConfig } from './config.js';

const NO_SPAN: Span = { line: 1, column: 1, endLine: 1, endColumn: 1 };

export function lintParsed(files: readonly ParsedFile[], options: LintOptions, config: Pick<LintConfig, 'rules'> = { rules: {} }, rules: readonly Rule[] = RULES): LintResult {
  const objects = files.flatMap((f) => f.objects);
  const ctx = new LintContext(buildModel(objects), options);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const lineCounters = new Map(files.map((f) => [f.file, f.lineCounter]));
  // Findings on a template an Argo Rollout runs through workloadRef name the Rollout (the template's own
  // object is often scaled to 0, which would make the finding look harmless).
  const rolloutsOf = new Map(ctx.model.workloads.filter((w) => w.rollouts.length > 0).map((w) => [w.obj, w.rollouts.map((r) => `Rollout/${r.name ?? ''}`).join(', ')]));
  for (const rule of rules) {
    const level = config.rules[rule.meta.id] ?? rule.meta.severity;
    if (level === 'off') continue;
    const severity: Severity = level;
    rule.check({ ctx, files }, (r: Report) => {
      if (r.obj && ctx.model.owned.has(r.obj)) return;
      if (r.obj && isSuppressed(ignoredRules(r.obj), rule.meta.id)) return;
      const lc = r.obj?.lineCounter ?? lineCounters.get(r.file ?? '');
      const raw = isSpan(r.at) ? r.at : lc ? (spanOf(r.at, lc) ?? NO_SPAN) : NO_SPAN;
      const span: Span = { line: raw.line, column: raw.column, endLine: raw.endLine, endColumn: raw.endColumn };
      const template = rule.meta.messages[r.messageId];
      if (template === undefined) throw new Error(`rule ${rule.meta.id} reported the undeclared message id ${r.messageId}`);
      const data = r.data ?? {};
      const file = r.obj?.displayFile ?? r.file ?? '<unknown>';
      const f: Finding = {
        ruleId: rule.meta.id,
        severity,
        messageId: r.messageId,
        data,
        message: renderMessage(template, data),
        runsUnder: (r.obj && rolloutsOf.get(r.obj)) ?? null,
        file,
        ...span,
        object: r.obj ? refOf(r.obj) : null,
        port: r.port ?? null,
        evidence: r.evidence ?? [],
        suggestions: r.suggestions ?? [],
        fixes: r.fixes ?? [],
        inputFile: r.obj?.file ?? r.file ?? file,
      };
      // The same message with the same data at the same place is one finding (ids and data, not text).
      const key = `${f.ruleId}|${f.file}|${f.line}|${f.column}|${f.messageId}|${JSON.stringify(data)}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push(f);
    });
  }
  findings.sort(compareFindings);
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return {
    findings,
    summary: {
      files: files.length,
      documents: files.reduce((n, f) => n + f.docs.length + f.problems.filter((p) => p.fatal).length, 0),
      // Kubernetes objects only (apiVersion and kind): a values file or a JSON config is 0 objects.
      objects: objects.filter(isKubernetesObject).length,
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
    },
    ...(ctx.model.notes.length > 0 ? { notes: ctx.model.notes } : {}),
  };
}

export function lintSources(sources: readonly SourceText[], options: LintOptions, config?: Pick<LintConfig, 'rules'>): LintResult {
  return lintParsed(sources.map((s) => parseSource(s)), options, config);
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message) || a.messageId.localeCompare(b.messageId);
}

/** Exit code for findings vs `--fail-on` (0 nothing at or above it, 1 otherwise). */
export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  const min = SEVERITY_RANK[failOn];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= min) ? 1 : 0;
}
