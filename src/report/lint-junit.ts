/**
 * `--format junit`: JUnit XML for CI test reports (GitLab, Jenkins, Azure Pipelines, CircleCI, ...), in the
 * shape their JUnit readers share: `<testsuites>`, one `<testsuite>` per input file, one `<testcase>` per
 * Kubernetes object and enabled rule (kube-score's layout), failed with a `<failure>` when the rule found
 * something at or above --fail-on in that object; parsing is one test case per file. Findings below
 * --fail-on are listed in the test case's `<system-out>` and do not fail it; a finding in no object of the
 * input gets a test case of its own.
 * Deterministic (no timestamp, time 0): the same input gives the same bytes. Pure.
 */
import type { FailOn, Finding, LintResult, ObjectRef } from '../lint/types.js';
import { SEVERITY_RANK } from '../lint/types.js';
import { describeSuggestion } from './lint-text.js';
import { findingText } from './lint-message.js';

/** An object of the input, as the test case names it. */
export interface JunitObject {
  readonly file: string;
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string | null;
}

export interface JunitOptions {
  /** Enabled rule ids, in registry order (rules turned off in the config are not test cases). */
  readonly ruleIds: readonly string[];
  readonly failOn: FailOn;
  /** The rule's documentation for a failure's text: a URL or `protocheck rules ID`. */
  readonly docsFor: (ruleId: string) => string;
}

/** Text for XML 1.0: markup escaped; characters XML cannot carry at all (C0 controls but tab/LF/CR, U+FFFE/FFFF) shown as \xNN. */
export function xmlText(s: string): string {
  return s
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** An attribute value (double-quoted): also quotes, and tab/LF/CR as references so they survive attribute normalisation. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function objectName(o: { kind: string | null; namespace?: string | null; name: string | null }): string {
  return `${o.kind ?? '(no kind)'}/${o.namespace ? `${o.namespace}/` : ''}${o.name ?? '(no name)'}`;
}

function sameObject(f: Finding, o: JunitObject): boolean {
  const r: ObjectRef | null = f.object;
  return r !== null && f.file === o.file && r.kind === o.kind && (r.namespace ?? null) === (o.namespace ?? null) && (r.name ?? null) === (o.name ?? null);
}

function findingBlock(f: Finding, docs: string): string {
  const lines = [`${f.file}:${f.line}:${f.column}: ${f.severity} ${f.ruleId} (${f.messageId}): ${findingText(f)}`];
  for (const s of f.suggestions) lines.push(`fix: ${describeSuggestion(s)}`);
  lines.push(`docs: ${docs}`);
  return lines.join('\n');
}

interface Case {
  readonly name: string;
  readonly classname: string;
  readonly ruleId: string;
  readonly findings: readonly Finding[];
}

export function renderLintJunit(result: LintResult, objects: readonly JunitObject[], options: JunitOptions): string {
  const failing = (f: Finding) => options.failOn !== 'never' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[options.failOn];
  const suites = new Map<string, Case[]>();
  const add = (file: string, c: Case) => suites.set(file, [...(suites.get(file) ?? []), c]);
  const used = new Set<Finding>();
  // Parsing is checked per file (one test case), every other rule per object.
  const PARSE = 'parse-error';
  const files = [...new Set([...objects.map((o) => o.file), ...result.findings.map((f) => f.file)])];
  if (options.ruleIds.includes(PARSE)) {
    for (const file of files) {
      const findings = result.findings.filter((f) => f.ruleId === PARSE && f.file === file);
      for (const f of findings) used.add(f);
      add(file, { name: PARSE, classname: file, ruleId: PARSE, findings });
    }
  }
  for (const o of objects) {
    for (const ruleId of options.ruleIds.filter((id) => id !== PARSE)) {
      const findings = result.findings.filter((f) => f.ruleId === ruleId && sameObject(f, o));
      for (const f of findings) used.add(f);
      add(o.file, { name: `${objectName(o)} ${ruleId}`, classname: o.file, ruleId, findings });
    }
  }
  // Findings that belong to no object of the input (parse errors, a file-level problem): one test case each.
  for (const f of result.findings) {
    if (used.has(f)) continue;
    add(f.file, { name: `${f.object ? objectName(f.object) : `${f.line}:${f.column}`} ${f.ruleId}`, classname: f.file, ruleId: f.ruleId, findings: [f] });
  }
  let tests = 0;
  let failures = 0;
  let body = '';
  for (const [file, cases] of suites) {
    const failed = cases.filter((c) => c.findings.some(failing)).length;
    tests += cases.length;
    failures += failed;
    body += `  <testsuite name="${xmlAttr(file)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0" time="0">\n`;
    for (const c of cases) {
      const fail = c.findings.filter(failing);
      const below = c.findings.filter((f) => !failing(f));
      const open = `    <testcase name="${xmlAttr(c.name)}" classname="${xmlAttr(c.classname)}" time="0"`;
      if (fail.length === 0 && below.length === 0) {
        body += `${open}/>\n`;
        continue;
      }
      body += `${open}>\n`;
      if (fail.length > 0) {
        const first = fail[0]!;
        const message = `${first.severity}: ${findingText(first)}${fail.length > 1 ? ` (and ${fail.length - 1} more)` : ''}`;
        body += `      <failure type="${xmlAttr(c.ruleId)}" message="${xmlAttr(message)}">${xmlText(fail.map((f) => findingBlock(f, options.docsFor(f.ruleId))).join('\n\n'))}</failure>\n`;
      }
      if (below.length > 0) body += `      <system-out>${xmlText(below.map((f) => findingBlock(f, options.docsFor(f.ruleId))).join('\n\n'))}</system-out>\n`;
      body += '    </testcase>\n';
    }
    body += '  </testsuite>\n';
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="protocheck lint" tests="${tests}" failures="${failures}" errors="0" time="0">\n${body}</testsuites>\n`;
}
