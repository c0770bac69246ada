/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning: one run, rules with helpUri to the rule
 * docs, relative artifact URIs, partialFingerprints that do not depend on line numbers. Pure.
 */
import { createHash } from 'node:crypto';
import type { Finding, LintResult, Severity } from '../lint/types.js';
import type { RuleMeta } from '../lint/rule.js';
import { describeSuggestion } from './lint-text.js';
import { findingText } from './lint-message.js';
import { placeholders } from '../lint/message.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/**
 * PLACEHOLDER: protocheck has no public repository yet. This is the only place the default lives;
 * users point helpUri at their own copy of docs/rules/ with `.protocheck.yaml` `docsUrl:` or `--docs-url`.
 */
export const PROJECT_URL = 'https://github.com/protocheck/protocheck';
/** Default base of each rule's helpUri (`<base><rule-id>.md`); see PROJECT_URL. */
export const DEFAULT_DOCS_URL = `${PROJECT_URL}/blob/main/docs/rules/`;

export interface SarifOptions {
  /** Base URL of the rule pages: helpUri is `<docsUrl><rule-id>.md` (default DEFAULT_DOCS_URL). */
  readonly docsUrl?: string;
  /** Each rule's docs/rules/<id>.md (Markdown), embedded as `help` so code scanning shows it without the link. */
  readonly ruleDocs?: ReadonlyMap<string, string>;
}

/** Markdown to the plain text SARIF viewers show where Markdown is not rendered: headings, emphasis, code and links flattened. */
export function markdownToText(md: string): string {
  return md
    .replace(/\r\n/g, '\n')
    .split('\n')
    .filter((l) => !/^\s*```/.test(l))
    .map((l) =>
      l
        .replace(/^#{1,6}\s+/, '')
        .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
        .replace(/\*\*([^*]+)\*\*/g, '$1')
        .replace(/`([^`]+)`/g, '$1'),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** True when the finding's file is a Helm `# Source:` template of a stream read from stdin. */
export function isHelmSource(f: Finding): boolean {
  return f.inputFile === '<stdin>' && f.file !== '<stdin>';
}

export function helmNote(f: Finding): string {
  return isHelmSource(f) ? ` (rendered by Helm: line ${f.line}, column ${f.column} of the input stream)` : '';
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A relative URI: forward slashes, no leading ./, each segment percent-encoded. */
export function artifactUri(file: string): string {
  const p = file.replace(/\\/g, '/').replace(/^\.\//, '');
  return p.split('/').map((seg) => encodeURIComponent(seg)).join('/');
}

/** A message template in SARIF's form: `{{name}}` becomes `{0}`, `{1}`... in order of first use (SARIF 2.1.0 §3.11.5). */
export function sarifTemplate(template: string): string {
  const names = placeholders(template);
  return template.replace(/\{\{\s*([A-Za-z_]\w*)\s*\}\}/g, (_m, n: string) => `{${names.indexOf(n)}}`);
}

/** The finding's data as SARIF message arguments, in the order of the template's placeholders. */
function sarifArguments(f: Finding, template: string | undefined): string[] {
  return template === undefined ? [] : placeholders(template).map((n) => String(f.data[n] ?? ''));
}

/** Stable across line moves: rule, file, object identity, port and message. */
export function fingerprint(f: Finding): string {
  const o = f.object;
  const id = [f.ruleId, f.file, o?.kind ?? '', o?.namespace ?? '', o?.name ?? '', String(f.port ?? ''), findingText(f)].join('\u0000');
  return createHash('sha256').update(id).digest('hex').slice(0, 32);
}

export function lintSarif(result: LintResult, rules: readonly RuleMeta[], version: string, opts: SarifOptions = {}): unknown {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const templates = new Map(rules.map((r) => [r.id, r.messages]));
  const base = opts.docsUrl ?? DEFAULT_DOCS_URL;
  const help = (r: RuleMeta) => {
    const page = `${base}${r.id}.md`;
    const md = opts.ruleDocs?.get(r.id);
    if (md === undefined) return { text: `${r.summary} See ${page}`, markdown: `${r.summary} [Rule documentation](${page})` };
    // Relative links between rule pages would not resolve inside a code-scanning alert: make them absolute.
    const abs = md.trim().replace(/\]\((?![a-z][a-z0-9+.-]*:|#|\/)([^)\s]+)\)/gi, `](${base}$1)`);
    return { text: `${markdownToText(abs)}\n\n${page}`, markdown: `${abs}\n\n[Rule documentation](${page})` };
  };
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'protocheck',
            version,
            informationUri: PROJECT_URL,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: r.summary },
              fullDescription: { text: r.summary },
              helpUri: `${base}${r.id}.md`,
              help: help(r),
              defaultConfiguration: { level: LEVEL[r.severity] },
              messageStrings: Object.fromEntries(Object.entries(r.messages).map(([id, t]) => [id, { text: sarifTemplate(t) }])),
              properties: { tags: ['linkerd', 'service-mesh', 'kubernetes'], fixable: r.fixable },
            })),
          },
        },
        automationDetails: { id: 'protocheck/lint/' },
        columnKind: 'unicodeCodePoints',
        results: result.findings.map((f) => ({
          ruleId: f.ruleId,
          ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
          level: LEVEL[f.severity],
          message: { text: findingText(f) + helmNote(f) + f.suggestions.map((s) => `\nFix: ${describeSuggestion(s)}`).join(''), id: f.messageId, arguments: sarifArguments(f, templates.get(f.ruleId)?.[f.messageId]) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(f.file), uriBaseId: '%SRCROOT%' },
                // A Helm template named by `# Source:`: the position is in the rendered stream, not in the template.
                ...(isHelmSource(f) ? {} : { region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.endLine === f.line ? f.column + 1 : 1) } }),
              },
              ...(f.object ? { logicalLocations: [{ name: f.object.name ?? '', kind: 'object', fullyQualifiedName: `${f.object.kind ?? ''}/${f.object.namespace ? f.object.namespace + '/' : ''}${f.object.name ?? ''}` }] } : {}),
            },
          ],
          partialFingerprints: { 'protocheckFinding/v1': fingerprint(f) },
          properties: { port: f.port, evidence: f.evidence, suggestions: f.suggestions },
        })),
      },
    ],
  };
}

export function renderLintSarif(result: LintResult, rules: readonly RuleMeta[], version: string, opts: SarifOptions = {}): string {
  return JSON.stringify(lintSarif(result, rules, version, opts), null, 2) + '\n';
}
