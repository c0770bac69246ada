/** Small read helpers over yaml's node tree (no toJS: positions stay attached, odd keys never throw). */
import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Span } from './types.js';

export type YNode = Node | null | undefined;

/** The pair whose key is the plain string `key`. Duplicate keys: the last wins, as in most loaders. */
export function pairOf(map: YNode, key: string): Pair<unknown, unknown> | undefined {
  if (!isMap(map)) return undefined;
  let found: Pair<unknown, unknown> | undefined;
  for (const item of map.items) {
    const k = item.key;
    if ((isScalar(k) && String(k.value) === key) || k === key) found = item as Pair<unknown, unknown>;
  }
  return found;
}

export function get(map: YNode, key: string): YNode {
  const v = pairOf(map, key)?.value;
  return v === null || v === undefined ? undefined : (v as Node);
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
  return isMap(node) ? (node as YAMLMap<unknown, unknown>) : undefined;
}

export function asSeqItems(node: YNode): Node[] {
  if (!isSeq(node)) return [];
  return (node as YAMLSeq<unknown>).items.filter((x): x is Node => x !== null && typeof x === 'object');
}

/** A scalar's value as a string (numbers and booleans as written in YAML 1.2 core), else undefined. */
export function str(node: YNode): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return node.source ?? String(v);
  return undefined;
}

export function num(node: YNode): number | undefined {
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
  for (const item of map.items) {
    const key = isScalar(item.key) ? String(item.key.value) : typeof item.key === 'string' ? item.key : undefined;
    if (key === undefined) continue;
    out.push({ key, value: str(item.value as YNode) ?? '', pair: item as Pair<unknown, unknown> });
  }
  return out;
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
