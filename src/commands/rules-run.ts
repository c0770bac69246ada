/** `protocheck rules`: the registry as a table (or JSON), or one rule's docs page. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import type { Io } from '../io.js';
import { RULES, ruleById } from '../lint/rules/index.js';
import { UsageError } from '../errors.js';
import { toJson } from './options.js';
import { EXIT_OK } from '../exit-codes.js';
import { makeChalk } from '../term/color.js';
import type { Severity } from '../lint/types.js';
import { renderMarkdownForTerminal } from '../report/markdown-term.js';

/** docs/rules/ of the package (dist/src/commands -> repository root). */
export const RULE_DOCS_DIR = fileURLToPath(new URL('../../../docs/rules/', import.meta.url));

const BARE = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

export interface RulesOptions {
  readonly json: boolean;
  /** False with --no-color. */
  readonly color: boolean;
  /** --markdown: one rule's page as the Markdown file, not rendered for a terminal. */
  readonly markdown?: boolean;
}

export function runRules(id: string | undefined, options: RulesOptions, io: Io): number {
  const { json } = options;
  if (id !== undefined) {
    const rule = ruleById(id);
    if (!rule) throw new UsageError(`unknown rule "${id}"`, { hint: `known rules: ${RULES.map((r) => r.meta.id).join(', ')}` });
    if (json) {
      io.stdout.write(toJson({ ...rule.meta, docs: `docs/rules/${rule.meta.id}.md` }));
      return EXIT_OK;
    }
    const page = readFileSync(`${RULE_DOCS_DIR}${rule.meta.id}.md`, 'utf8');
    io.stdout.write(options.markdown === true ? page : renderMarkdownForTerminal(page, makeChalk(io.env, io.stdout, options.color ? undefined : false)));
    return EXIT_OK;
  }
  if (json) {
    io.stdout.write(toJson({ rules: RULES.map((r) => ({ ...r.meta, docs: `docs/rules/${r.meta.id}.md` })) }));
    return EXIT_OK;
  }
  const c = makeChalk(io.env, io.stdout, options.color ? undefined : false);
  const sev: Record<Severity, (t: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const table = new Table({
    head: ['RULE', 'SEVERITY', 'FIX', 'WHAT IT FINDS'],
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    chars: BARE,
    wordWrap: true,
    colWidths: [30, 8, 3, 60],
  });
  for (const r of RULES) table.push([r.meta.id, sev[r.meta.severity](r.meta.severity), r.meta.fixable ? 'yes' : '', r.meta.summary]);
  io.stdout.write(table.toString().split('\n').map((l) => l.trimEnd()).join('\n') + '\n\n' + 'FIX: yes when protocheck lint --fix applies the rule\'s suggestion. protocheck rules ID prints a rule\'s documentation.\n');
  return EXIT_OK;
}
