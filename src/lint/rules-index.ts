/** Generates docs/rules/README.md from the registry (checked by test/lint/meta.test.ts). Pure. */
import type { RuleMeta } from './rule.js';

export function renderRulesIndex(rules: readonly RuleMeta[]): string {
  let out = '# protocheck lint rules\n\n';
  out += '<!-- Generated from src/lint/rules/index.ts by test/lint/meta.test.ts (UPDATE_GOLDEN=1 rewrites it). -->\n\n';
  out += 'Rule ids are a public contract. Change a level with `rules:` in `.protocheck.yaml`; suppress per object with the annotation `protocheck.io/ignore: "rule-id,rule-id"` (or `all`).\n\n';
  out += '| Rule | Severity | `--fix` | What it finds | Message ids (`messageId` in JSON, SARIF and GitHub output) |\n|---|---|---|---|---|\n';
  for (const r of rules) out += `| [${r.id}](${r.id}.md) | ${r.severity} | ${r.fixable ? 'yes' : ''} | ${r.summary} | ${Object.keys(r.messages).map((m) => `\`${m}\``).join(', ')} |\n`;
  return out;
}
