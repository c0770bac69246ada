/**
 * The data a lint run produces: findings with exact positions, the objects they are about, and the
 * evidence that named the protocol. Pure types; no I/O.
 */
import type { Suggestion } from '../linkerd/model.js';

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `--fail-on` levels: a severity, or never. */
export type FailOn = Severity | 'never';

/** Rank for comparisons: error > warning > info. */
export const SEVERITY_RANK = { error: 3, warning: 2, info: 1 } as const satisfies Record<Severity, number>;

/** 1-based positions; endColumn is exclusive of nothing: it is the column just after the last character. */
export interface Span {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface ObjectRef {
  readonly apiVersion: string | null;
  readonly kind: string | null;
  readonly namespace: string | null;
  readonly name: string | null;
}

/** Which piece of the manifest named the protocol. */
export type EvidenceSource = 'port-number' | 'port-name' | 'app-protocol' | 'image' | 'command';

export interface Evidence {
  readonly source: EvidenceSource;
  /** The text as written: `3306`, `mysql`, `tcp-redis`, `docker.io/bitnami/mysql:8.0`, `ncat --listen --send-only 3307`. */
  readonly value: string;
  /** Protocol id from the knowledge base. */
  readonly protocol: string;
}

/** A change to one scalar in one document: set `path` (from the document root) to `value`. */
export interface FixEdit {
  readonly file: string;
  readonly doc: number;
  readonly path: readonly (string | number)[];
  readonly value: string;
  /** Remove the key instead of setting it (`value` is then ignored). */
  readonly remove?: boolean;
}

/** Values for a message template's `{{name}}` placeholders. */
export type MessageData = Readonly<Record<string, string | number>>;

export interface Finding extends Span {
  readonly ruleId: string;
  readonly severity: Severity;
  /** A key of the rule's `meta.messages`: stable, what tests and tools match on. */
  readonly messageId: string;
  readonly data: MessageData;
  /** The rule's template rendered with `data` (the engine renders it; rules never write it). */
  readonly message: string;
  /**
   * The Argo Rollouts that run this object's pod template through `workloadRef` ("Rollout/a, Rollout/b"),
   * shown after the message by the reports (report/lint-message.ts); null otherwise.
   */
  readonly runsUnder: string | null;
  /** As given on the command line, `<stdin>`, or the Helm `# Source:` template for stdin. */
  readonly file: string;
  readonly object: ObjectRef | null;
  readonly port: number | string | null;
  readonly evidence: readonly Evidence[];
  readonly suggestions: readonly Suggestion[];
  /** Edits `--fix` applies (not part of the JSON output). */
  readonly fixes: readonly FixEdit[];
  /** The input file the finding is in (differs from `file` for Helm sources of stdin). */
  readonly inputFile: string;
}

export interface Summary {
  readonly files: number;
  readonly documents: number;
  readonly objects: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export interface LintResult {
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  /** Not findings: what the user should know about the input (printed on stderr, not in any format). */
  readonly notes?: readonly string[];
}
