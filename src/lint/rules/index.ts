/** The explicit rule registry, in documentation order. Every rule here has docs/rules/<id>.md and test/lint/rules/<id>.test.ts (enforced by test/lint/meta.test.ts). */
import type { Rule } from '../rule.js';
import { serverFirstPortNotOpaque } from './server-first-port-not-opaque.js';
import { opaquePortsMismatch } from './opaque-ports-mismatch.js';
import { invalidPortList } from './invalid-port-list.js';
import { annotationMisplaced } from './annotation-misplaced.js';
import { listReplacesDefaults } from './list-replaces-defaults.js';
import { skipInsteadOfOpaque } from './skip-instead-of-opaque.js';
import { undeclaredPort } from './undeclared-port.js';
import { appProtocolOpaque } from './app-protocol-opaque.js';
import { serverProtocolConflict } from './server-protocol-conflict.js';
import { unknownAnnotation } from './unknown-annotation.js';
import { invalidAnnotationValue } from './invalid-annotation-value.js';
import { skipSubnetsInboundOnly } from './skip-subnets-inbound-only.js';
import { parseError } from './parse-error.js';
import { istioServerFirstSniffed } from './istio-server-first-sniffed.js';
import { istioPortProtocolUnset } from './istio-port-protocol-unset.js';
import { istioProtocolMismatch } from './istio-protocol-mismatch.js';
import { istioWellKnownPortTrap } from './istio-well-known-port-trap.js';
import { istioLinkerdLeftover } from './istio-linkerd-leftover.js';

export const RULES: readonly Rule[] = [
  serverFirstPortNotOpaque,
  opaquePortsMismatch,
  invalidPortList,
  annotationMisplaced,
  listReplacesDefaults,
  skipInsteadOfOpaque,
  undeclaredPort,
  appProtocolOpaque,
  serverProtocolConflict,
  unknownAnnotation,
  invalidAnnotationValue,
  skipSubnetsInboundOnly,
  parseError,
  istioServerFirstSniffed,
  istioPortProtocolUnset,
  istioProtocolMismatch,
  istioWellKnownPortTrap,
  istioLinkerdLeftover,
];

/** The rules of `lint --mesh istio` (ids `istio-*`; they do nothing without an Istio version) plus parse-error. */
export const ISTIO_RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.meta.id).filter((id) => id.startsWith('istio-')));

/** The rules that run for a mesh: Linkerd's for `linkerd`, the istio-* ones for `istio`; parse-error for both. */
export function rulesForMesh(mesh: 'linkerd' | 'istio'): readonly Rule[] {
  return RULES.filter((r) => r.meta.id === 'parse-error' || ISTIO_RULE_IDS.has(r.meta.id) === (mesh === 'istio'));
}

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
