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
import { checkUnreadablePortList } from './check-unreadable-port-list.js';
import { parseError } from './parse-error.js';

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
  checkUnreadablePortList,
  parseError,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
