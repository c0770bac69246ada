/** Small read helpers over yaml's node tree (no toJS: positions stay attached, odd keys never throw). */
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type LineCounter, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Span } from './types.js';

export type YNode = Node | null | undefined;

/** Alias nodes to the node their anchor names, filled by `registerAliases` when a document is parsed. */
const ALIASES = new WeakMap<object, Node>();

/** Records what every alias of `doc` points at, so the helpers below read `*ref` like the node it names. */
export function registerAliases(doc: Document.Parsed): void {
  visit(doc, {
    Alias(_k, node) {
      const target = node.resolve(doc);
      if (target) ALIASES.set(node, target);
    },
  });
}

/** The node itself, or what an alias points at (chains followed, cycles cut). */
export function deref(node: unknown): YNode {
  if (node === null || node === undefined) return undefined;
  if (!isAlias(node)) return node as Node;
  let cur: unknown = node;
  for (let i = 0; i < 32 && isAlias(cur); i++) cur = ALIASES.get(cur as object);
  return isAlias(cur) || cur === null || cur === undefined ? undefined : (cur as Node);
}

/**
 * The pair whose key is the plain string `key`. Duplicate keys: the last wins, as in most loaders.
 * YAML 1.1 merge keys (`<<: *base`, `<<: [*a, *b]`), which Kubernetes' YAML reader honours: an own key
 * wins over a merged one, and an earlier source over a later one.
 */
export function pairOf(map: YNode, key: string, depth = 0): Pair<unknown, unknown> | undefined {
  const m = deref(map);
  if (!isMap(m)) return undefined;
  let found: Pair<unknown, unknown> | undefined;
  let merges: unknown[] | undefined;
  for (const item of m.items) {
    let k: unknown = item.key;
    if (isAlias(k)) k = deref(k);
    if (isScalar(k)) {
      const v = k.value;
      if (v === key || (typeof v !== 'string' && String(v) === key)) found = item as Pair<unknown, unknown>;
      else if (v === '<<' && isPlainMergeKey(k)) (merges ??= []).push(item.value);
    } else if (k === key) found = item as Pair<unknown, unknown>;
  }
  if (found || merges === undefined || depth > 16) return found;
  for (const src of merges) {
    const v = deref(src);
    const sources = isSeq(v) ? v.items : [v];
    for (const s of sources) {
      const hit = pairOf(deref(s), key, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** `<<` written plain (a quoted "<<" is an ordinary key). */
function isPlainMergeKey(k: unknown): boolean {
  return !isScalar(k) || k.type === undefined || k.type === 'PLAIN';
}

export function get(map: YNode, key: string): YNode {
  return deref(pairOf(map, key)?.value);
}

export function getIn(node: YNode, path: readonly string[]): YNode {
  let cur: YNode = node;
  for (const k of path) {
    cur = get(cur, k);
    if (cur === undefined) return undefined;
  }
  return cur;
}

export function asMap(node: YNode): YAMLMap<unknown, unknown> | undefined {
  const n = deref(node);
  return isMap(n) ? (n as YAMLMap<unknown, unknown>) : undefined;
}

export function asSeqItems(node: YNode): Node[] {
  const n = deref(node);
  if (!isSeq(n)) return [];
  return (n as YAMLSeq<unknown>).items.map((x) => deref(x)).filter((x): x is Node => x !== null && x !== undefined && typeof x === 'object');
}

/** A scalar's value as a string (numbers and booleans as written in YAML 1.2 core), else undefined. */
export function str(node: YNode): string | undefined {
  node = deref(node);
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return node.source ?? String(v);
  return undefined;
}

export function num(node: YNode): number | undefined {
  node = deref(node);
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return undefined; // a quoted number is a name in k8s (IntOrString)
  return undefined;
}

/** Every key/value of a string map (labels, annotations, selectors). Non-scalar values become ''. */
export function stringEntries(node: YNode): Array<{ key: string; value: string; pair: Pair<unknown, unknown> }> {
  const map = asMap(node);
  if (map === undefined) return [];
  const out: Array<{ key: string; value: string; pair: Pair<unknown, unknown> }> = [];
  const own = new Set<string>();
  const merges: unknown[] = [];
  for (const item of map.items) {
    const k = deref(item.key) ?? item.key;
    const key = isScalar(k) ? String(k.value) : typeof k === 'string' ? k : undefined;
    if (key === undefined) continue;
    if (key === '<<' && isPlainMergeKey(k)) {
      merges.push(item.value);
      continue;
    }
    own.add(key);
    out.push({ key, value: str(item.value as YNode) ?? '', pair: item as Pair<unknown, unknown> });
  }
  // Merged entries (`<<: *labels`) after the own ones; an own key or an earlier source wins.
  for (const src of merges) {
    const v = deref(src);
    for (const s of isSeq(v) ? v.items : [v]) {
      for (const e of depthGuard < 16 ? withGuard(() => stringEntries(deref(s))) : []) {
        if (own.has(e.key)) continue;
        own.add(e.key);
        out.push(e);
      }
    }
  }
  return out;
}

let depthGuard = 0;
function withGuard<T>(f: () => T): T {
  depthGuard++;
  try {
    return f();
  } finally {
    depthGuard--;
  }
}

export function stringMap(node: YNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of stringEntries(node)) out[e.key] = e.value;
  return out;
}

function rangeOf(node: unknown): [number, number] | undefined {
  if (node !== null && typeof node === 'object' && 'range' in node) {
    const r = (node as { range?: [number, number, number] | null }).range;
    if (r) return [r[0], r[1]];
  }
  return undefined;
}

/** Where the content of a node ends: block collections end with their last item, not the next line. */
function contentEnd(node: unknown): number | undefined {
  if (node !== null && typeof node === 'object' && 'key' in node && 'value' in node) {
    const p = node as Pair<unknown, unknown>;
    return contentEnd(p.value) ?? contentEnd(p.key);
  }
  if ((isMap(node) || isSeq(node)) && !(node as { flow?: boolean }).flow) {
    const items = (node as { items: unknown[] }).items;
    const last = items[items.length - 1];
    if (last !== undefined && last !== null) return contentEnd(last) ?? rangeOf(node)?.[1];
  }
  return rangeOf(node)?.[1];
}

/** Source offsets [start, end) covering `node`, or a pair from its key to its value's end. */
export function offsetsOf(node: unknown): [number, number] | undefined {
  if (node !== null && typeof node === 'object' && 'key' in node && 'value' in node) {
    const p = node as Pair<unknown, unknown>;
    const k = rangeOf(p.key);
    const end = contentEnd(p);
    if (k && end !== undefined) return [k[0], end];
    return k ?? rangeOf(p.value);
  }
  const r = rangeOf(node);
  const end = contentEnd(node);
  return r && end !== undefined ? [r[0], end] : r;
}

export function spanOf(node: unknown, lc: LineCounter): Span | undefined {
  const r = offsetsOf(node);
  if (!r) return undefined;
  return spanOfOffsets(r[0], r[1], lc);
}

export function spanOfOffsets(start: number, end: number, lc: LineCounter): Span {
  const a = lc.linePos(start);
  const b = lc.linePos(Math.max(start, end));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}
