/** `protocheck rules`: the registry as a table (or JSON), or one rule's docs page. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Io } from '../io.js';
import { RULES, ruleById } from '../lint/rules/index.js';
import { UsageError } from '../errors.js';
import { toJson } from './options.js';
import { EXIT_OK } from '../exit-codes.js';
import { makeChalk } from '../term/color.js';
import { renderMarkdownForTerminal } from '../report/markdown-term.js';
import { renderRulesTable, ruleJson } from '../report/rules-text.js';

/** docs/rules/ of the package (dist/src/commands -> repository root). */
export const RULE_DOCS_DIR = fileURLToPath(new URL('../../../docs/rules/', import.meta.url));

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
      io.stdout.write(toJson(ruleJson(rule.meta)));
      return EXIT_OK;
    }
    const page = readFileSync(`${RULE_DOCS_DIR}${rule.meta.id}.md`, 'utf8');
    io.stdout.write(options.markdown === true ? page : renderMarkdownForTerminal(page, makeChalk(io.env, io.stdout, options.color ? undefined : false)));
    return EXIT_OK;
  }
  if (json) {
    io.stdout.write(toJson({ rules: RULES.map((r) => ruleJson(r.meta)) }));
    return EXIT_OK;
  }
  io.stdout.write(renderRulesTable(RULES.map((r) => r.meta), makeChalk(io.env, io.stdout, options.color ? undefined : false)));
  return EXIT_OK;
}
