/**
 * The rule contract (eslint-style): one rule per file under rules/, each with its meta and a check
 * that reports problems at yaml nodes. The explicit registry is rules/index.ts. Pure.
 */
import type { Suggestion } from '../linkerd/model.js';
import type { LintContext } from './context.js';
import type { K8sObject, ParsedFile } from './parse.js';
import type { Evidence, FixEdit, Severity, Span } from './types.js';

export interface RuleMeta {
  /** Stable public id (docs/rules/<id>.md). */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what the rule finds. */
  readonly summary: string;
  /** True when --fix can apply its suggestions. */
  readonly fixable: boolean;
}

export interface Report {
  /** The object the finding is about (null for file-level findings such as parse errors). */
  readonly obj: K8sObject | null;
  /** The yaml node or pair to point at, or an explicit span. */
  readonly at: unknown;
  /** Required when `obj` is null. */
  readonly file?: string;
  readonly message: string;
  readonly port?: number | string | null;
  readonly evidence?: readonly Evidence[];
  readonly suggestions?: readonly Suggestion[];
  readonly fixes?: readonly FixEdit[];
}

export interface RuleInput {
  readonly ctx: LintContext;
  readonly files: readonly ParsedFile[];
}

export interface Rule {
  readonly meta: RuleMeta;
  check(input: RuleInput, report: (r: Report) => void): void;
}

export function isSpan(x: unknown): x is Span {
  return typeof x === 'object' && x !== null && 'line' in x && 'endColumn' in x;
}
