/**
 * `annotation-misplaced`: a `config.linkerd.io/*` or `linkerd.io/inject` key where Linkerd never reads
 * it: on a workload's own metadata instead of its pod template, as a label, or on a kind that ignores it
 * (docs/linkerd-model.md#port-lists-per-consumer "Placement rule").
 */
import { defineRule } from '../rule.js';
import { annotationsAt, POD_TEMPLATE_PATHS } from '../k8s.js';
import { ANNOTATIONS, KNOWN_CONFIG_KEYS, LABEL_KEYS, SERVICE_KEYS } from '../../linkerd/annotations.js';
import { podSuggestion, ruleDocs } from '../effective.js';
import { get, getIn, stringEntries } from '../yaml-nodes.js';

/** Known keys only: unknown config.linkerd.io/ keys are unknown-annotation's. */
const isMeshKey = (k: string) => KNOWN_CONFIG_KEYS.includes(k) || k === ANNOTATIONS.inject;

export const annotationMisplaced = defineRule({
  meta: {
    id: 'annotation-misplaced',
    severity: 'error',
    summary: 'A Linkerd annotation where Linkerd does not read it.',
    fixable: false,
    messages: {
      label: '{{key}} is set as a label; Linkerd reads it only as an annotation (metadata.annotations)',
      labelOnTemplate: '{{key}} is set as a label; Linkerd reads it only as an annotation (metadata.annotations of the pod template)',
      workloadMetadata: "{{key}} on the {{kind}}'s own metadata is ignored: the proxy injector reads the pod template ({{where}})",
      workloadMetadataAlsoOnTemplate: `{{key}} on the {{kind}}'s own metadata is ignored: the proxy injector reads the pod template ({{where}}), where it is "{{templateValue}}"`,
      serviceIgnores: '{{key}} has no effect on a {{kind}}: only {{read}} is read there; put proxy settings on the pod template of the workloads',
      kindIgnores: '{{key}} has no effect on a {{kind}}: Linkerd reads it on pod templates, Pods and Namespaces',
      kindIgnoresOpaque: '{{key}} has no effect on a {{kind}}: Linkerd reads it on pod templates, Pods, Services and Namespaces',
    },
  },
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
          report({ obj, at: l.pair, messageId: tpl && tpl.length > 0 ? 'labelOnTemplate' : 'label', data: { key: l.key } });
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
            messageId: onTemplate ? 'workloadMetadataAlsoOnTemplate' : 'workloadMetadata',
            data: { key: a.key, kind, where, ...(onTemplate ? { templateValue: onTemplate.value } : {}) },
            suggestions: w && !onTemplate ? [podSuggestion(w, a.key, a.value, `move ${a.key} to ${where}`, ruleDocs('annotation-misplaced'))] : [],
          });
        }
        continue;
      }
      if (tpl !== undefined || kind === 'Namespace') continue; // Pods and Namespaces read them all
      if (kind === 'Service' || (kind === 'EgressNetwork' && (obj.apiVersion ?? '').startsWith('policy.linkerd.io/'))) {
        for (const a of own) {
          if (SERVICE_KEYS.has(a.key)) continue;
          report({ obj, at: a.pair, messageId: 'serviceIgnores', data: { key: a.key, kind, read: [...SERVICE_KEYS].join(', ') } });
        }
        continue;
      }
      for (const a of own) {
        report({ obj, at: a.pair, messageId: a.key === ANNOTATIONS.opaquePorts ? 'kindIgnoresOpaque' : 'kindIgnores', data: { key: a.key, kind: kind || 'object without kind' } });
      }
    }
  },
});
