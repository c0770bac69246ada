/**
 * `annotation-misplaced`: a `config.linkerd.io/*` or `linkerd.io/inject` key where Linkerd never reads
 * it: on a workload's own metadata instead of its pod template, as a label, or on a kind that ignores it
 * (linkerd-spec 4.1 "Placement rule").
 */
import type { Rule } from '../rule.js';
import { annotationsAt, POD_TEMPLATE_PATHS } from '../k8s.js';
import { A } from '../context.js';
import { podSuggestion, ruleDocs } from '../effective.js';
import { get, getIn, stringEntries } from '../yaml-nodes.js';
import { KNOWN_CONFIG_KEYS, SERVICE_KEYS } from './known-annotations.js';

/** Known keys only: unknown config.linkerd.io/ keys are unknown-annotation's. */
const isMeshKey = (k: string) => KNOWN_CONFIG_KEYS.includes(k) || k === A.inject;
/** Labels Linkerd itself defines under config.linkerd.io/ (not misplaced). */
const LABEL_KEYS = new Set(['config.linkerd.io/admission-webhooks']);

export const annotationMisplaced: Rule = {
  meta: { id: 'annotation-misplaced', severity: 'error', summary: 'A Linkerd annotation where Linkerd does not read it.', fixable: false },
  check({ ctx }, report) {
    const workloads = new Map(ctx.model.workloads.map((w) => [w.obj, w]));
    for (const obj of ctx.model.objects) {
      const kind = obj.kind ?? '';
      const tpl = POD_TEMPLATE_PATHS[kind];
      // As labels (object and pod template).
      const labelPlaces = [['metadata']];
      if (tpl !== undefined && tpl.length > 0) labelPlaces.push([...tpl, 'metadata']);
      for (const place of labelPlaces) {
        for (const l of stringEntries(get(getIn(obj.node, place), 'labels'))) {
          if (!isMeshKey(l.key) || LABEL_KEYS.has(l.key)) continue;
          report({ obj, at: l.pair, message: `${l.key} is set as a label; Linkerd reads it only as an annotation (metadata.annotations${tpl && tpl.length > 0 ? ' of the pod template' : ''})` });
        }
      }
      const own = [...annotationsAt(obj, ['metadata']).values()].filter((a) => isMeshKey(a.key));
      if (own.length === 0) continue;
      const w = workloads.get(obj);
      if (tpl !== undefined && tpl.length > 0) {
        for (const a of own) {
          const onTemplate = w?.annotations.get(a.key);
          const where = tpl.join('.') + '.metadata.annotations';
          report({
            obj,
            at: a.pair,
            message: `${a.key} on the ${kind}'s own metadata is ignored: the proxy injector reads the pod template (${where})${onTemplate ? `, where it is "${onTemplate.value}"` : ''}`,
            suggestions: w && !onTemplate ? [podSuggestion(w, a.key, a.value, `move ${a.key} to ${where}`, ruleDocs('annotation-misplaced'))] : [],
          });
        }
        continue;
      }
      if (tpl !== undefined || kind === 'Namespace') continue; // Pods and Namespaces read them all
      if (kind === 'Service' || (kind === 'EgressNetwork' && (obj.apiVersion ?? '').startsWith('policy.linkerd.io/'))) {
        for (const a of own) {
          if (SERVICE_KEYS.has(a.key)) continue;
          report({ obj, at: a.pair, message: `${a.key} has no effect on a ${kind}: only ${[...SERVICE_KEYS].join(', ')} is read there; put proxy settings on the pod template of the workloads` });
        }
        continue;
      }
      for (const a of own) {
        report({ obj, at: a.pair, message: `${a.key} has no effect on a ${kind || 'object without kind'}: Linkerd reads it on pod templates, Pods${a.key === A.opaque ? ', Services' : ''} and Namespaces` });
      }
    }
  },
};
