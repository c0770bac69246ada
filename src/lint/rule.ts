/**
 * The rule contract (ESLint-style, docs/architecture.md "Lint rules"): one rule per file under rules/,
 * each with its meta and a check that reports problems at yaml nodes. A rule never writes the text of
 * a finding: it declares `meta.messages` (message id -> template with `{{name}}` placeholders) and
 * reports `{ messageId, data }`; the engine renders the text (message.ts). The explicit registry is
 * rules/index.ts. Pure.
 */
import type { Suggestion } from '../linkerd/model.js';
import type { LintContext } from './context.js';
import type { K8sObject, ParsedFile } from './parse.js';
import type { Evidence, FixEdit, MessageData, Severity, Span } from './types.js';

export interface RuleMeta<M extends string = string> {
  /** Stable public id (docs/rules/<id>.md). */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what the rule finds. */
  readonly summary: string;
  /** True when --fix can apply its suggestions. */
  readonly fixable: boolean;
  /** Message id -> template; `{{name}}` is replaced by `data.name` (stable public ids, like the rule id). */
  readonly messages: Readonly<Record<M, string>>;
}

export interface Report<M extends string = string> {
  /** The object the finding is about (null for file-level findings such as parse errors). */
  readonly obj: K8sObject | null;
  /** The yaml node or pair to point at, or an explicit span. */
  readonly at: unknown;
  /** Required when `obj` is null. */
  readonly file?: string;
  /** A key of the rule's `meta.messages`. */
  readonly messageId: M;
  /** Values for the template's placeholders (extra keys are allowed: they are part of the JSON output). */
  readonly data?: MessageData;
  readonly port?: number | string | null;
  readonly evidence?: readonly Evidence[];
  readonly suggestions?: readonly Suggestion[];
  readonly fixes?: readonly FixEdit[];
}

export function isSpan(x: unknown): x is Span {
  return typeof x === 'object' && x !== null && 'line' in x && 'endColumn' in x;
}

export interface RuleInput {
  readonly ctx: LintContext;
  readonly files: readonly ParsedFile[];
}

export interface Rule<M extends string = string> {
  readonly meta: RuleMeta<M>;
  check(input: RuleInput, report: (r: Report<M>) => void): void;
}

/** Declares a rule with its message ids checked by the compiler (a report with an undeclared id does not build). */
export function defineRule<M extends string>(rule: Rule<M>): Rule {
  return rule as unknown as Rule;
}
