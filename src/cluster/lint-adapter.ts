/**
 * The lint rules over live objects: each namespace's trimmed objects (Namespace, Services, Servers,
 * workloads, pods no workload of the dump owns) go through the lint engine's public entry as one JSON
 * List, and its findings come back pointing at objects (kind, namespace, name, port) instead of lines.
 * Same rules, same ids, same messages as `protocheck lint`; nothing here decides a finding itself.
 */
import { lintSources } from '../lint/engine.js';
import type { Finding } from '../lint/types.js';
import type { LinkerdVersion } from '../linkerd/version.js';
import { suggestionJson } from '../report/suggestion-json.js';
import { namespaceLintJson, serviceLintJson, type Inventory } from './inventory.js';
import type { FindingJson } from './types.js';

export interface NamespaceLint {
  readonly version: LinkerdVersion;
  /** Some pod of the namespace is meshed (the rules' default for workloads without an inject annotation). */
  readonly assumeMeshed: boolean;
  readonly cni: boolean;
}

/** Lint findings of every namespace, in namespace order. Findings of parse problems cannot occur (the text is generated) and are dropped. */
export function lintNamespaces(inv: Inventory, optionsFor: (namespace: string) => NamespaceLint): Map<string, FindingJson[]> {
  const byNs = new Map<string, string[]>();
  const push = (ns: string, json: string): void => {
    const list = byNs.get(ns);
    if (list) list.push(json);
    else byNs.set(ns, [json]);
  };
  for (const s of inv.services) push(s.namespace, serviceLintJson(s));
  for (const s of inv.servers) push(s.namespace, s.json);
  for (const o of inv.lintObjects) push(o.namespace, o.json);
  const out = new Map<string, FindingJson[]>();
  for (const ns of [...byNs.keys()].sort()) {
    const items = byNs.get(ns) ?? [];
    const nsFact = inv.namespaces.get(ns);
    if (nsFact) items.unshift(namespaceLintJson(nsFact));
    const text = `{"apiVersion":"v1","kind":"List","items":[\n${items.join(',\n')}\n]}\n`;
    byNs.set(ns, []);
    const o = optionsFor(ns);
    const result = lintSources([{ file: `namespace/${ns}`, text }], { version: o.version, assumeMeshed: o.assumeMeshed, cni: o.cni });
    out.set(ns, result.findings.filter((f) => f.ruleId !== 'parse-error').map(findingJson));
  }
  return out;
}

/** A lint finding as cluster output writes it: the rule's id, severity and message, the object and port (message ids and data when the engine gives them). */
export function findingJson(f: Finding): FindingJson {
  const extra = f as unknown as Record<string, unknown>;
  return {
    rule: f.ruleId,
    severity: f.severity,
    message: f.message,
    ...(typeof extra['messageId'] === 'string' ? { messageId: extra['messageId'] } : {}),
    ...(extra['data'] !== undefined ? { data: extra['data'] } : {}),
    object: f.object && f.object.kind !== null && f.object.name !== null ? { kind: f.object.kind, namespace: f.object.namespace, name: f.object.name } : null,
    port: f.port,
    suggestions: f.suggestions.map(suggestionJson),
  };
}
