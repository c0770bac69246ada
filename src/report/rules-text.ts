/** `protocheck rules`: the rule registry as a table, or as JSON. Pure. */
import type { ChalkInstance } from 'chalk';
import type { RuleMeta } from '../lint/rule.js';
import type { Severity } from '../lint/types.js';
import { bareTable, tableText } from './table.js';

export function renderRulesTable(rules: readonly RuleMeta[], c: ChalkInstance): string {
  const sev: Record<Severity, (t: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const table = bareTable(['RULE', 'SEVERITY', 'FIX', 'WHAT IT FINDS'], { wordWrap: true, colWidths: [30, 8, 3, 60] });
  for (const r of rules) table.push([r.id, sev[r.severity](r.severity), r.fixable ? 'yes' : '', r.summary]);
  return tableText(table) + '\n\n' + "FIX: yes when protocheck lint --fix applies the rule's suggestion. protocheck rules ID prints a rule's documentation.\n";
}

/** One rule's JSON (its meta, message templates included, and its docs page). */
export function ruleJson(rule: RuleMeta): unknown {
  return { ...rule, docs: `docs/rules/${rule.id}.md` };
}
