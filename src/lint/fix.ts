/**
 * `--fix`: applies edits to annotation values in the source text. Nodes are located with the yaml
 * Document API (parsed node ranges); an existing value is replaced in place, a missing key is inserted
 * as one new line (or one flow entry for JSON/flow maps) at the indentation of its siblings, so
 * comments, key order and formatting stay as they were everywhere else. Every edit is verified by
 * re-parsing and reading the value back. Pure (the shell writes the files).
 */
import { isAlias, isMap, isScalar, parseAllDocuments, visit, type Document, type Node, type YAMLMap } from 'yaml';
import type { FixEdit } from './types.js';
import { blankTooDeep } from './nesting.js';
import { offsetsOf, pairOf } from './yaml-nodes.js';

export class FixError extends Error {}

function docsOf(text: string): Document.Parsed[] {
  // A document nested too deep is not parsed (parse-error NESTING_TOO_DEEP): it holds nothing to fix.
  const d = parseAllDocuments(blankTooDeep(text).text, { uniqueKeys: false });
  return (Array.isArray(d) ? d : []) as Document.Parsed[];
}

function nodeAt(root: unknown, path: readonly (string | number)[]): { parent: unknown; node: unknown } {
  let parent: unknown;
  let cur: unknown = root;
  let depth = 0;
  for (const k of path) {
    depth++;
    parent = cur;
    if (typeof k === 'number') {
      const items = (cur as { items?: unknown[] } | undefined)?.items;
      cur = Array.isArray(items) ? items[k] : undefined;
    } else {
      const pair = pairOf(cur as Node, k);
      // A value merged in with `<<` is shared with the other objects that merge it: an own key is added
      // instead (own keys win over merged ones), so only this object changes.
      const own = pair !== undefined && (cur as { items: unknown[] }).items.includes(pair);
      cur = own ? (pair.value ?? undefined) : undefined;
    }
    // A value reached through an alias is the anchored node itself: editing it would change every object sharing it.
    if (isAlias(cur)) throw new FixError(`${path.join('.')} goes through a YAML alias (*${cur.source}); fix it by hand`);
    if (cur === undefined || cur === null) return { parent, node: undefined };
    // So is the anchored node, when an alias elsewhere uses it.
    const anchor = (cur as { anchor?: string }).anchor;
    if (typeof anchor === 'string' && aliasSources(root).has(anchor)) throw new FixError(`${path.slice(0, depth).join('.')} is anchored (&${anchor}) and used through an alias elsewhere: editing it would change every object using it; fix it by hand`);
  }
  return { parent, node: cur };
}

const ALIAS_SOURCES = new WeakMap<object, Set<string>>();

/** The anchors the aliases of a document refer to. */
function aliasSources(root: unknown): Set<string> {
  if (typeof root !== 'object' || root === null) return new Set();
  let out = ALIAS_SOURCES.get(root);
  if (out) return out;
  const found = new Set<string>();
  visit(root as Node, {
    Alias(_k, node) {
      found.add(node.source);
    },
  });
  ALIAS_SOURCES.set(root, found);
  out = found;
  return out;
}

function lineStart(text: string, off: number): number {
  return text.lastIndexOf('\n', off - 1) + 1;
}

/**
 * Removes the key at `edit.path` from its mapping: its line(s) in a block mapping, or the whole mapping
 * becomes `{}` when it was the only key (so a later edit can add to it, and `annotations:` is not left null).
 */
function removeKey(text: string, docs: Document.Parsed[], edit: FixEdit): string {
  const doc = docs[edit.doc]!;
  const key = String(edit.path.at(-1));
  const { node: map } = nodeAt(doc.contents, edit.path.slice(0, -1));
  if (!isMap(map)) return text;
  const pair = pairOf(map as Node, key);
  if (pair === undefined) return text;
  if (!(map as YAMLMap<unknown, unknown>).items.includes(pair)) throw new FixError(`${edit.path.join('.')} comes from a YAML merge key; fix it by hand`);
  const m = map as YAMLMap<unknown, unknown>;
  const span = offsetsOf(pair);
  if (!span || !m.range) throw new FixError(`${edit.path.join('.')} cannot be located`);
  if (m.flow === true) {
    if (m.items.length > 1) throw new FixError(`${edit.path.join('.')} is in a flow mapping with other keys; remove it by hand`);
    return verifyRemoval(text.slice(0, m.range[0]) + '{}' + text.slice(m.range[1]), docs, edit, m.items.length);
  }
  // The key's line(s) go; a comment line above stays.
  const ls = lineStart(text, span[0]);
  if (text.slice(ls, span[0]).trim() !== '') throw new FixError(`${edit.path.join('.')} does not start its line; fix it by hand`);
  const nl = text.indexOf('\n', span[1]);
  const after = nl === -1 ? text.length : nl + 1;
  if (!/^[ \t]*(#.*)?\r?$/.test(text.slice(span[1], nl === -1 ? text.length : nl))) throw new FixError(`${edit.path.join('.')} shares its line; fix it by hand`);
  let out = text.slice(0, ls) + text.slice(after);
  if (m.items.length === 1) {
    // `annotations:` alone would be null: it becomes `annotations: {}` (a later edit can add to it).
    const parentKey = edit.path.at(-2);
    const grand = nodeAt(doc.contents, edit.path.slice(0, -2)).node;
    const gp = typeof parentKey === 'string' && isMap(grand) ? pairOf(grand as Node, parentKey) : undefined;
    const keyRange = (gp?.key as { range?: [number, number, number] } | undefined)?.range;
    if (!keyRange || keyRange[1] > ls) throw new FixError(`${edit.path.join('.')}: its mapping cannot be emptied; fix it by hand`);
    const colon = out.indexOf(':', keyRange[1]);
    if (colon === -1 || colon >= ls) throw new FixError(`${edit.path.join('.')}: its mapping cannot be emptied; fix it by hand`);
    out = out.slice(0, colon + 1) + ' {}' + out.slice(colon + 1);
  }
  return verifyRemoval(out, docs, edit, m.items.length);
}

function verifyRemoval(out: string, docs: Document.Parsed[], edit: FixEdit, itemsBefore: number): string {
  const key = String(edit.path.at(-1));
  const check = docsOf(out);
  const cdoc = check[edit.doc];
  const parent = cdoc ? nodeAt(cdoc.contents, edit.path.slice(0, -1)).node : undefined;
  if (check.length !== docs.length || !cdoc || cdoc.errors.length > 0 || !isMap(parent) || pairOf(parent as Node, key) !== undefined || (parent as YAMLMap).items.length !== itemsBefore - 1) {
    throw new FixError(`removing ${edit.path.join('.')} would not produce valid YAML`);
  }
  return out;
}

/** Applies one edit to `text`; throws FixError when the path cannot be edited safely. */
export function applyEdit(text: string, edit: FixEdit): string {
  const docs = docsOf(text);
  const doc = docs[edit.doc];
  if (!doc || doc.errors.length > 0) throw new FixError(`document ${edit.doc + 1} cannot be edited`);
  if (edit.remove === true) return removeKey(text, docs, edit);
  const quoted = JSON.stringify(edit.value);
  const { node } = nodeAt(doc.contents, edit.path);
  let out: string;
  if (node !== undefined) {
    if (!isScalar(node) || !node.range) throw new FixError(`${edit.path.join('.')} is not a scalar`);
    if (node.value === edit.value) return text;
    out = text.slice(0, node.range[0]) + quoted + text.slice(node.range[1]);
  } else {
    // Deepest existing map on the path.
    let i = edit.path.length - 1;
    let map: unknown;
    for (; i >= 0; i--) {
      const at = nodeAt(doc.contents, edit.path.slice(0, i)).node;
      if (at !== undefined) {
        map = at;
        break;
      }
    }
    if (!isMap(map) || !map.range) throw new FixError(`no mapping to add ${String(edit.path.at(-1))} to`);
    const m = map as YAMLMap<unknown, unknown>;
    const range = m.range ?? [0, text.length, text.length];
    const rest = edit.path.slice(i).map(String);
    if (m.flow === true || m.items.length === 0) {
      let inner = quoted;
      for (let j = rest.length - 1; j >= 0; j--) inner = j === rest.length - 1 ? `${JSON.stringify(rest[j])}: ${inner}` : `${JSON.stringify(rest[j])}: {${inner}}`;
      const close = text.lastIndexOf('}', range[1]);
      if (close < range[0]) throw new FixError('unexpected flow mapping');
      out = text.slice(0, close) + (m.items.length > 0 ? `, ${inner}` : inner) + text.slice(close);
    } else {
      const firstKey = m.items[0]!.key as Node;
      const keyStart = (firstKey.range ?? [0])[0];
      const indent = keyStart - lineStart(text, keyStart);
      const step = 2;
      const lines = rest.map((k, j) => ' '.repeat(indent + j * step) + k + ':' + (j === rest.length - 1 ? ` ${quoted}` : ''));
      const last = m.items[m.items.length - 1]!;
      const end = offsetsOf(last)?.[1] ?? range[1];
      let at: number;
      if (end > 0 && text[end - 1] === '\n') at = end;
      else {
        const nl = text.indexOf('\n', end);
        at = nl === -1 ? text.length : nl + 1;
      }
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const prefix = at === text.length && !text.endsWith('\n') ? eol : '';
      out = text.slice(0, at) + prefix + lines.join(eol) + eol + text.slice(at);
    }
  }
  // Verify: the stream still parses, the value reads back, and nothing else moved.
  const check = docsOf(out);
  const cdoc = check[edit.doc];
  const back = cdoc ? nodeAt(cdoc.contents, edit.path).node : undefined;
  if (check.length !== docs.length || !cdoc || cdoc.errors.length > 0 || !isScalar(back) || back.value !== edit.value) {
    throw new FixError(`editing ${edit.path.join('.')} would not produce valid YAML`);
  }
  return out;
}
