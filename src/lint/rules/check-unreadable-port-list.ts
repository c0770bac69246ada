/**
 * `check-unreadable-port-list`: an opaque-ports value every Linkerd component that acts on it reads
 * fine (ranges, spaces around items, a trailing comma), but that `linkerd check --proxy` cannot parse:
 * its "opaque ports are properly annotated" check splits on commas only and converts each item with
 * strconv.Atoi (linkerd/linkerd2 pkg/healthcheck/healthcheck.go @edge-26.8.3), so it fails with
 * "failed to convert ... to port number". Which items trip it comes from the Linkerd model's
 * `parsePortList` (the `linkerd-check` reader). The check only looks at pods and Services.
 */
import { cachedParsePortList as parsePortList } from '../model-cache.js';
import { defineRule } from '../rule.js';
import { ANNOTATIONS } from '../../linkerd/annotations.js';
import { fixesFor, podSuggestion, ruleDocs, serviceSuggestion } from '../effective.js';
import { READERS } from './invalid-port-list.js';
import type { Annotation, Service, Workload } from '../k8s.js';
import type { K8sObject } from '../parse.js';

const KEY = ANNOTATIONS.opaquePorts;

export const checkUnreadablePortList = defineRule({
  meta: {
    id: 'check-unreadable-port-list',
    severity: 'info',
    summary: 'An opaque-ports value Linkerd reads but `linkerd check --proxy` fails on.',
    fixable: true,
    messages: {
      range: '{{key}} "{{value}}": Linkerd reads the range {{item}}, but linkerd check --proxy converts only plain integers and fails ("failed to convert {{item}} to port number"); traffic is not affected',
      space: '{{key}} "{{value}}": Linkerd trims "{{item}}", but linkerd check --proxy does not and fails to convert it; write the list without spaces',
      trailingComma: '{{key}} "{{value}}": Linkerd ignores the trailing comma, but linkerd check --proxy fails to convert the empty item; remove it',
    },
  },
  check({ ctx }, report) {
    const readers = READERS[KEY] ?? [];
    const visit = (obj: K8sObject, a: Annotation, w?: Workload, s?: Service) => {
      if (a.notString) return; // invalid-port-list
      const parsed = parsePortList(a.value);
      // Problems for a component that acts on the list belong to invalid-port-list.
      if (parsed.problems.some((p) => p.consumers.some((c) => readers.includes(c)))) return;
      const forCheck = parsed.problems.filter((p) => p.consumers.includes('linkerd-check'));
      if (forCheck.length === 0) return;
      // Spaces and a trailing comma are fixed by rewriting the same list; a range has no short equivalent.
      const fixable = forCheck.every((p) => p.code === 'space' || p.code === 'empty-item');
      const clean = a.value.split(',').map((i) => i.trim()).filter((i, n, all) => i !== '' || n < all.length - 1).join(',');
      const reason = 'the same list without spaces or a trailing comma, which linkerd check can read';
      const suggestions = !fixable ? [] : w ? [podSuggestion(w, KEY, clean, reason, ruleDocs('check-unreadable-port-list'))] : s ? [serviceSuggestion(s, KEY, clean, reason, ruleDocs('check-unreadable-port-list'))] : [];
      const fixes = suggestions.length === 0 ? [] : fixesFor(ctx, suggestions, w, s);
      for (const p of forCheck) {
        const messageId = p.code === 'range' ? 'range' : p.code === 'space' ? 'space' : 'trailingComma';
        report({ obj, at: a.pair, messageId, data: { key: KEY, value: a.value, item: p.code === 'range' ? p.item.trim() : p.item }, port: p.item, suggestions, fixes });
      }
    };
    for (const w of ctx.model.workloads) {
      const a = w.annotations.get(KEY);
      if (a) visit(w.obj, a, w);
    }
    for (const s of ctx.model.services) {
      const a = s.annotations.get(KEY);
      if (a) visit(s.obj, a, undefined, s);
    }
  },
});
