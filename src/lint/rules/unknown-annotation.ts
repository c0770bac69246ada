/** `unknown-annotation`: a `config.linkerd.io/` key Linkerd does not have (typos, the blog-only detect timeout). */
import { defineRule } from '../rule.js';
import { annotationsAt, POD_TEMPLATE_PATHS } from '../k8s.js';
import { CONFIG_PREFIX, KNOWN_CONFIG_KEYS, PHANTOM_KEYS } from '../../linkerd/annotations.js';
import { closest } from '../../edit-distance.js';

export const unknownAnnotation = defineRule({
  meta: {
    id: 'unknown-annotation',
    severity: 'error',
    summary: 'A config.linkerd.io/ annotation that Linkerd does not have.',
    fixable: false,
    messages: {
      phantom: '{{key}} is not a Linkerd annotation: {{instead}}',
      unknown: '{{key}} is not a Linkerd annotation; Linkerd ignores it',
      typo: '{{key}} is not a Linkerd annotation; Linkerd ignores it (did you mean {{suggestion}}?)',
    },
  },
  check({ ctx }, report) {
    for (const obj of ctx.model.objects) {
      const tpl = obj.kind === null ? undefined : POD_TEMPLATE_PATHS[obj.kind];
      const places = [['metadata']];
      if (tpl !== undefined && tpl.length > 0) places.push([...tpl, 'metadata']);
      for (const place of places) {
        for (const a of annotationsAt(obj, place).values()) {
          if (!a.key.startsWith(CONFIG_PREFIX) || KNOWN_CONFIG_KEYS.includes(a.key)) continue;
          const phantom = PHANTOM_KEYS[a.key];
          const close = closest(a.key, KNOWN_CONFIG_KEYS, 4);
          const suggestions = close && phantom === undefined
            ? [{ target: 'pod-template' as const, key: close, value: a.value, reason: `rename ${a.key} to ${close}`, docs: 'https://linkerd.io/2-edge/reference/proxy-configuration/' }]
            : [];
          if (phantom !== undefined) report({ obj, at: a.pair, messageId: 'phantom', data: { key: a.key, instead: phantom }, suggestions });
          else if (close) report({ obj, at: a.pair, messageId: 'typo', data: { key: a.key, suggestion: close }, suggestions });
          else report({ obj, at: a.pair, messageId: 'unknown', data: { key: a.key }, suggestions });
        }
      }
    }
  },
});
