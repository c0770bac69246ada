/** Per-object suppression: `protocheck.io/ignore: "rule-id,rule-id"` or `all`, on the object or its pod template. Pure. */
import type { K8sObject } from './parse.js';
import { get, getIn, str } from './yaml-nodes.js';
import { POD_TEMPLATE_PATHS } from './k8s.js';

export const IGNORE_ANNOTATION = 'protocheck.io/ignore';

export function ignoredRules(obj: K8sObject): Set<string> {
  const out = new Set<string>();
  const paths: string[][] = [['metadata', 'annotations']];
  const tpl = obj.kind === null ? undefined : POD_TEMPLATE_PATHS[obj.kind];
  if (tpl !== undefined && tpl.length > 0) paths.push([...tpl, 'metadata', 'annotations']);
  for (const p of paths) {
    const v = str(get(getIn(obj.node, p), IGNORE_ANNOTATION));
    if (v === undefined) continue;
    for (const id of v.split(',')) if (id.trim() !== '') out.add(id.trim());
  }
  return out;
}

export function isSuppressed(ids: ReadonlySet<string>, ruleId: string): boolean {
  return ids.has('all') || ids.has(ruleId);
}
