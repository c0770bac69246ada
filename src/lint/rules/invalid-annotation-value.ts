/**
 * `invalid-annotation-value`: a Linkerd annotation whose value the proxy injector cannot read, so it
 * silently ignores it: `linkerd.io/inject` other than enabled/ingress/disabled (the pod is not injected),
 * booleans that Go's strconv.ParseBool rejects, durations that time.ParseDuration rejects
 * (linkerd/linkerd2:pkg/inject/inject.go@edge-26.8.3 logs a warning and keeps the default), and the
 * detect-timeout annotations on versions before 2.14.4 (docs/linkerd-model.md#version-families).
 */
import { isScalar } from 'yaml';
import { defineRule } from '../rule.js';
import { annotationsAt, POD_TEMPLATE_PATHS } from '../k8s.js';
import { ANNOTATIONS, BOOL_KEYS, DETECT_TIMEOUT_KEYS, DURATION_KEYS, INJECT_VALUES } from '../../linkerd/annotations.js';
import { ruleDocs } from '../effective.js';
import { has } from '../../linkerd/version.js';

/** Go strconv.ParseBool. */
export function goBool(v: string): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v);
}

/** Go time.ParseDuration (units ns, us, µs, μs, ms, s, m, h; a bare 0). */
export function goDuration(v: string): boolean {
  return /^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/.test(v);
}

export const invalidAnnotationValue = defineRule({
  meta: {
    id: 'invalid-annotation-value',
    severity: 'error',
    summary: 'A Linkerd annotation value the proxy injector cannot read and ignores.',
    fixable: false,
    messages: {
      notString: '{{key}} is a YAML mapping or sequence, not a string: Kubernetes rejects the object (an unquoted template placeholder? quote it)',
      injectValue: '{{key}} "{{value}}" is not enabled, ingress or disabled: the proxy injector does not inject the pod (reason "invalid")',
      injectValueMeant: '{{key}} "{{value}}" is not enabled, ingress or disabled: the proxy injector does not inject the pod (reason "invalid"); did you mean {{meant}}?',
      notBoolean: '{{key}} "{{value}}" is not a boolean Go reads (true, false, 1, 0, t, f, ...): the injector logs a warning and ignores it',
      notDuration: '{{key}} "{{value}}" is not a Go duration (such as 100ms, 1s, 2m30s): the injector logs a warning and keeps the default',
      detectTimeoutTooEarly: '{{key}} exists from Linkerd 2.14.4; {{version}} ignores it, so the 10 s detection timeout stays: mark the port opaque instead',
    },
  },
  check({ ctx }, report) {
    const v = ctx.version;
    const hasDetectTimeoutKeys = has(v, 'detectTimeoutAnnotations');
    for (const obj of ctx.model.objects) {
      const tpl = obj.kind === null ? undefined : POD_TEMPLATE_PATHS[obj.kind];
      const places = [['metadata']];
      if (tpl !== undefined && tpl.length > 0) places.push([...tpl, 'metadata']);
      for (const place of places) {
        for (const a of annotationsAt(obj, place).values()) {
          const docs = ruleDocs('invalid-annotation-value');
          const checked = a.key === ANNOTATIONS.inject || BOOL_KEYS.includes(a.key) || DURATION_KEYS.includes(a.key);
          if (checked && a.notString && !isScalar(a.pair.value)) {
            report({ obj, at: a.pair, messageId: 'notString', data: { key: a.key } });
          } else if (a.key === ANNOTATIONS.inject && !INJECT_VALUES.includes(a.value)) {
            const lower = a.value.toLowerCase();
            const meant = ['true', 'yes', 'on', '1', 'enable', 'enabled'].includes(lower) ? 'enabled' : ['false', 'no', 'off', '0', 'disable', 'disabled'].includes(lower) ? 'disabled' : undefined;
            report({
              obj,
              at: a.pair,
              messageId: meant ? 'injectValueMeant' : 'injectValue',
              data: { key: ANNOTATIONS.inject, value: a.value, ...(meant ? { meant } : {}) },
              suggestions: meant ? [{ target: 'pod-template', key: ANNOTATIONS.inject, value: meant, reason: 'the values Linkerd accepts are enabled, ingress and disabled', docs }] : [],
            });
          } else if (BOOL_KEYS.includes(a.key) && !goBool(a.value)) {
            report({ obj, at: a.pair, messageId: 'notBoolean', data: { key: a.key, value: a.value } });
          } else if (DURATION_KEYS.includes(a.key) && !goDuration(a.value)) {
            report({ obj, at: a.pair, messageId: 'notDuration', data: { key: a.key, value: a.value } });
          }
          if (DETECT_TIMEOUT_KEYS.includes(a.key) && !hasDetectTimeoutKeys) {
            report({ obj, at: a.pair, messageId: 'detectTimeoutTooEarly', data: { key: a.key, version: v.label } });
          }
        }
      }
    }
  },
});
