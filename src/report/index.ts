/**
 * The renderer registry of `protocheck lint`: one entry per format of report/formats.ts, checked by
 * the compiler (`satisfies Record<LintFormat, Renderer>`: a format without a renderer does not build).
 * Each renderer is pure: a lint result and the context it needs in, text out.
 */
import type { ChalkInstance } from 'chalk';
import type { LintResult } from '../lint/types.js';
import type { RuleMeta } from '../lint/rule.js';
import type { LintFormat } from './formats.js';
import { renderLintText } from './lint-text.js';
import { renderLintJson } from './lint-json.js';
import { renderLintSarif, type SarifOptions } from './lint-sarif.js';
import { renderLintGithub } from './lint-github.js';
import { renderLintJunit, type JunitObject } from './lint-junit.js';
import type { FailOn } from '../lint/types.js';

export { LINT_FORMATS, LINT_FORMAT_NAMES, type LintFormat } from './formats.js';

export interface LintRenderContext {
  /** Colours for the stream the report goes to (text only). */
  readonly chalk: ChalkInstance;
  readonly rules: readonly RuleMeta[];
  /** protocheck's version (SARIF tool.driver.version). */
  readonly toolVersion: string;
  readonly sarif?: SarifOptions;
  /** A rule's documentation (a URL, or `protocheck rules ID`): the docs line of text and JUnit findings. */
  readonly docsFor?: (ruleId: string) => string;
  /** JUnit only: the Kubernetes objects of the input (one test case per object and rule), the enabled rules, --fail-on. */
  readonly junit?: { readonly objects: readonly JunitObject[]; readonly ruleIds: readonly string[]; readonly failOn: FailOn };
}

export interface Renderer {
  render(result: LintResult, ctx: LintRenderContext): string;
}

export const LINT_RENDERERS = {
  text: { render: (r, ctx) => renderLintText(r, ctx.chalk, ctx.docsFor) },
  json: { render: (r) => renderLintJson(r) },
  sarif: { render: (r, ctx) => renderLintSarif(r, ctx.rules, ctx.toolVersion, ctx.sarif) },
  github: { render: (r) => renderLintGithub(r) },
  junit: {
    render: (r, ctx) =>
      renderLintJunit(r, ctx.junit?.objects ?? [], { ruleIds: ctx.junit?.ruleIds ?? ctx.rules.map((x) => x.id), failOn: ctx.junit?.failOn ?? 'error', docsFor: ctx.docsFor ?? ((id) => `protocheck rules ${id}`) }),
  },
} as const satisfies Record<LintFormat, Renderer>;

export function renderLint(format: LintFormat, result: LintResult, ctx: LintRenderContext): string {
  return LINT_RENDERERS[format].render(result, ctx);
}
