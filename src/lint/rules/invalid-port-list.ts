/**
 * `invalid-port-list`: a port-list annotation that some Linkerd component rejects or reads differently
 * (spaces, names where names are not read, 0, >65535, reversed ranges, empty items, garbage). The
 * problems and which component reads what come from the Linkerd model's `parsePortList`.
 */
import { isScalar } from 'yaml';
import { mergePortList, type Consumer } from '../../linkerd/model.js';
import { cachedParsePortList as parsePortList } from '../model-cache.js';
import { defineRule } from '../rule.js';
import { ANNOTATIONS } from '../../linkerd/annotations.js';
import { fixesFor, podSuggestion, ruleDocs, serviceSuggestion } from '../effective.js';
import type { Annotation, Service, Workload } from '../k8s.js';
import type { K8sObject } from '../parse.js';

const LIST_KEYS = [ANNOTATIONS.opaquePorts, ANNOTATIONS.skipInboundPorts, ANNOTATIONS.skipOutboundPorts] as const;

/** The components that read each list (docs/linkerd-model.md#port-lists-per-consumer): a problem only matters to these. */
export const READERS: Readonly<Record<string, readonly Consumer[]>> = {
  [ANNOTATIONS.opaquePorts]: ['injector', 'destination-pod', 'destination-service', 'policy-controller'],
  [ANNOTATIONS.skipInboundPorts]: ['proxy-init', 'cni', 'destination-pod'],
  [ANNOTATIONS.skipOutboundPorts]: ['proxy-init', 'cni'],
};

/** The list the user meant, as the Linkerd model rewrites it: plain numbers and increasing ranges, names resolved. */
export function cleanPortList(raw: string, names: Readonly<Record<string, number>>): { value: string; notes: readonly string[] } {
  const merged = mergePortList(raw, [], { names });
  return { value: merged.value, notes: merged.notes };
}

export const invalidPortList = defineRule({
  meta: {
    id: 'invalid-port-list',
    severity: 'error',
    summary: 'A port list that a Linkerd component rejects or reads differently.',
    fixable: true,
    messages: {
      notString: '{{key}} is a YAML mapping or sequence, not a string: Kubernetes rejects the object; write the list as a quoted string such as "4222,6222"',
      yamlNumber: '{{key}} is the YAML number {{value}}, not a string: Kubernetes rejects the object ("cannot unmarshal number into ... annotations of type string"); quote it',
      // `code` (data) is the Linkerd model's PortListProblemCode; `problem` its sentence for this item.
      itemProblem: '{{key}} "{{value}}": {{problem}}',
    },
  },
  check({ ctx }, report) {
    const visit = (obj: K8sObject, a: Annotation, names: Record<string, number>, w?: Workload, s?: Service) => {
      if (a.notString && !isScalar(a.pair.value)) {
        report({ obj, at: a.pair, messageId: 'notString', data: { key: a.key } });
        return;
      }
      if (a.notString) {
        // `opaque-ports: 3306` is a YAML number: the API server rejects the object (annotations are strings).
        const sg = w ? [podSuggestion(w, a.key, a.value, 'quote the value: annotation values are strings', ruleDocs('invalid-port-list'))] : s ? [serviceSuggestion(s, a.key, a.value, 'quote the value: annotation values are strings', ruleDocs('invalid-port-list'))] : [];
        report({ obj, at: a.pair, messageId: 'yamlNumber', data: { key: a.key, value: a.value }, port: a.value, suggestions: sg, fixes: [{ file: obj.file, doc: obj.doc.index, path: a.path, value: a.value }] });
        return;
      }
      const parsed = parsePortList(a.value);
      // Only the components that read this list matter (`linkerd check` is a diagnostic, not a reader).
      const readers = READERS[a.key] ?? [];
      const problems = parsed.problems.filter((p) => p.consumers.some((c) => readers.includes(c)));
      if (problems.length === 0) return;
      const { value: clean, notes } = cleanPortList(a.value, names);
      // Nothing in the list is a port: an empty value would say "no opaque ports" (dropping the install
      // defaults too), so the suggestion is to remove the annotation, which is what the readers that drop
      // every item already act on; the install defaults then apply (the injector writes them again on 2.11+).
      const remove = clean === '';
      const reason = remove
        ? `no item is a port (${notes.join('; ')}); without the annotation ${removeOutcome(a.key)}`
        : notes.length > 0
          ? notes.join('; ')
          : `write ${a.key} as plain numbers and increasing ranges without spaces`;
      const base = w ? [podSuggestion(w, a.key, clean, reason, ruleDocs('invalid-port-list'))] : s ? [serviceSuggestion(s, a.key, clean, reason, ruleDocs('invalid-port-list'))] : [];
      const suggestions = remove ? base.map((sg) => ({ ...sg, remove: true })) : base;
      const fixes = clean === a.value ? [] : w || s ? fixesFor(ctx, suggestions, w, s) : [{ file: obj.file, doc: obj.doc.index, path: a.path, value: clean, ...(remove ? { remove: true } : {}) }];
      for (const p of problems) {
        report({ obj, at: a.pair, messageId: 'itemProblem', data: { key: a.key, value: a.value, code: p.code, item: p.item, problem: p.message }, port: p.item, suggestions, fixes });
      }
    };
    for (const w of ctx.model.workloads) {
      for (const k of LIST_KEYS) {
        const a = w.annotations.get(k);
        if (a) visit(w.obj, a, k === ANNOTATIONS.opaquePorts ? ctx.containerPortNames(w) : {}, w);
      }
    }
    for (const s of ctx.model.services) {
      const a = s.annotations.get(ANNOTATIONS.opaquePorts);
      const names: Record<string, number> = {};
      for (const p of s.ports) if (p.name !== null && p.port !== null) names[p.name] = p.port;
      if (a) visit(s.obj, a, names, undefined, s);
    }
    for (const n of [...ctx.model.namespaces, ...ctx.model.egressNetworks]) {
      for (const k of n.obj.kind === 'Namespace' ? LIST_KEYS : [ANNOTATIONS.opaquePorts]) {
        const a = n.annotations.get(k);
        if (a) visit(n.obj, a, {});
      }
    }
  },
});

/** What applies once an all-invalid list is removed. */
function removeOutcome(key: string): string {
  return key === ANNOTATIONS.opaquePorts ? 'the install default opaque ports apply, as if it had never been set' : 'no port is skipped, which is what its readers did already';
}
