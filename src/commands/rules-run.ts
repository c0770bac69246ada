/** `protocheck rules`: the registry as a table (or JSON), or one rule's docs page. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import type { Io } from '../io.js';
import { RULES, ruleById } from '../lint/rules/index.js';
import { UsageError } from '../errors.js';
import { toJson } from './options.js';
import { EXIT_OK } from '../exit-codes.js';

/** docs/rules/ of the package (dist/src/commands -> repository root). */
export const RULE_DOCS_DIR = fileURLToPath(new URL('../../../docs/rules/', import.meta.url));

export function runRules(id: string | undefined, json: boolean, io: Io): number {
  if (id !== undefined) {
    const rule = ruleById(id);
    if (!rule) throw new UsageError(`unknown rule "${id}"`, { hint: `known rules: ${RULES.map((r) => r.meta.id).join(', ')}` });
    if (json) {
      io.stdout.write(toJson({ ...rule.meta, docs: `docs/rules/${rule.meta.id}.md` }));
      return EXIT_OK;
    }
    io.stdout.write(readFileSync(`${RULE_DOCS_DIR}${rule.meta.id}.md`, 'utf8'));
    return EXIT_OK;
  }
  if (json) {
    io.stdout.write(toJson({ rules: RULES.map((r) => ({ ...r.meta, docs: `docs/rules/${r.meta.id}.md` })) }));
    return EXIT_OK;
  }
  const table = new Table({ head: ['rule', 'severity', 'fix', 'what it finds'], style: { head: [], border: [] }, wordWrap: true, colWidths: [32, 10, 5, 60] });
  for (const r of RULES) table.push([r.meta.id, r.meta.severity, r.meta.fixable ? 'yes' : '', r.meta.summary]);
  io.stdout.write(table.toString() + '\n' + 'protocheck rules ID prints a rule\'s documentation.\n');
  return EXIT_OK;
}
