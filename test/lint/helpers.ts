/** Rule-tester helpers: lint inline YAML with one rule (or all) and compare positions. */
import assert from 'node:assert/strict';
import { lintParsed } from '../../src/lint/engine.js';
import { parseSource } from '../../src/lint/parse.js';
import { ruleById } from '../../src/lint/rules/index.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { parseIstioVersion } from '../../src/istio/version.js';
import type { LintOptions } from '../../src/lint/context.js';
import type { Finding, LintResult } from '../../src/lint/types.js';

/** `istio`: an Istio release, which turns the istio-* rules on (lint --mesh istio). */
export function options(over: Partial<{ linkerd: string; assumeMeshed: boolean; cni: boolean; istio: string }> = {}): LintOptions {
  return { version: parseLinkerdVersion(over.linkerd ?? 'latest'), assumeMeshed: over.assumeMeshed ?? true, cni: over.cni ?? false, ...(over.istio === undefined ? {} : { istio: parseIstioVersion(over.istio) }) };
}

/** Lints `text` (one file, `test.yaml`) with only `ruleId`, or with every rule when omitted. */
export function lint(text: string, ruleId?: string, over: Parameters<typeof options>[0] = {}): LintResult {
  const files = [parseSource({ file: 'test.yaml', text })];
  if (ruleId === undefined) return lintParsed(files, options(over));
  const rule = ruleById(ruleId);
  assert.ok(rule, `rule ${ruleId} is registered`);
  return lintParsed(files, options(over), { rules: {} }, [rule]);
}

export interface Expected {
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** The key of the rule's meta.messages the finding must use. */
  readonly messageId: string;
  /** Values the finding's data must hold (the keys given; others are not compared). */
  readonly data?: Readonly<Record<string, string | number>>;
  /** Optional: the rendered text (templates are asserted by messageId; use this for wording that matters). */
  readonly message?: RegExp;
  readonly port?: number | string | null;
}

/** Asserts the findings of one rule, in order, at the expected positions. */
export function expectFindings(ruleId: string, text: string, expected: readonly Expected[], over: Parameters<typeof options>[0] = {}): readonly Finding[] {
  const r = lint(text, ruleId, over);
  const got = r.findings.map((f) => `${f.line}:${f.column} ${f.message}`);
  assert.equal(r.findings.length, expected.length, `expected ${expected.length} ${ruleId} findings, got:\n${got.join('\n')}`);
  expected.forEach((e, i) => {
    const f = r.findings[i]!;
    assert.equal(f.ruleId, ruleId);
    assert.equal(`${f.line}:${f.column}`, `${e.line}:${e.column}`, `position of finding ${i}: ${f.message}`);
    if (e.endLine !== undefined) assert.equal(f.endLine, e.endLine);
    if (e.endColumn !== undefined) assert.equal(f.endColumn, e.endColumn);
    assert.equal(f.messageId, e.messageId, `message id of finding ${i}: ${f.message}`);
    if (e.data) assert.deepEqual(Object.fromEntries(Object.keys(e.data).map((k) => [k, f.data[k]])), e.data, `data of finding ${i}`);
    if (e.message) assert.match(f.message, e.message);
    if (e.port !== undefined) assert.equal(f.port, e.port);
  });
  return r.findings;
}

/** Joins YAML lines (keeps fixtures readable with exact line numbers). */
export function y(...lines: string[]): string {
  return lines.join('\n') + '\n';
}
