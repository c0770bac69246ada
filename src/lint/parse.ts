/**
 * Text to documents and Kubernetes objects: multi-document YAML (and JSON, which is YAML), `kind: List`,
 * Helm `# Source:` comments. Documents that do not parse become parse problems with a position;
 * the other documents are still used. Pure: no fs.
 */
import { LineCounter, parseAllDocuments, isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import type { Span } from './types.js';
import { blankTooDeep, MAX_NESTING } from './nesting.js';
import { asSeqItems, get, getIn, registerAliases, spanOfOffsets, str } from './yaml-nodes.js';

export interface SourceText {
  /** As given on the command line, or `<stdin>`. */
  readonly file: string;
  readonly text: string;
  /** Set when the bytes were not text (a NUL byte, invalid UTF-8): why. The file gives one parse problem and nothing else. */
  readonly notText?: string;
}

export interface ParsedDoc {
  readonly file: string;
  readonly index: number;
  readonly doc: Document.Parsed;
  /** Helm `# Source: chart/templates/x.yaml`, when present. */
  readonly helmSource: string | null;
}

export interface ParseProblem extends Span {
  readonly file: string;
  readonly message: string;
  readonly code: string;
  /** True when the document could not be used at all (false: valid YAML that Kubernetes cannot read, still linted). */
  readonly fatal: boolean;
}

export interface K8sObject {
  readonly file: string;
  /** `file`, or the Helm source when reading stdin. */
  readonly displayFile: string;
  readonly doc: ParsedDoc;
  /** Path from the document root to this object's map (`[]`, or `['items', 3]` inside a List). */
  readonly path: readonly (string | number)[];
  readonly node: YAMLMap<unknown, unknown>;
  readonly apiVersion: string | null;
  readonly kind: string | null;
  readonly name: string | null;
  readonly namespace: string | null;
  readonly lineCounter: LineCounter;
}

export interface ParsedFile {
  readonly file: string;
  readonly text: string;
  readonly lineCounter: LineCounter;
  readonly docs: readonly ParsedDoc[];
  readonly problems: readonly ParseProblem[];
  readonly objects: readonly K8sObject[];
}

const HELM_SOURCE = /^\s*Source:\s*(\S+)\s*$/m;

function helmSourceOf(doc: Document.Parsed): string | null {
  const texts = [doc.commentBefore, (doc.contents as Node | null)?.commentBefore];
  for (const t of texts) {
    if (typeof t !== 'string') continue;
    const m = HELM_SOURCE.exec(t);
    if (m?.[1]) return m[1];
  }
  return null;
}

/** What Kubernetes cannot read in a valid YAML tree: the first collection used as a key, and keys given twice in one mapping. */
interface KeyScan {
  collectionKey?: [number, number];
  duplicates: Array<{ key: string; range: [number, number] }>;
}

const MAX_DUPLICATES = 20;

function scanKeys(node: unknown, out: KeyScan): void {
  if (isMap(node)) {
    let seen: Set<string> | undefined;
    for (const item of node.items) {
      const k = item.key as { range?: [number, number, number] } | null;
      if ((isMap(k) || isSeq(k)) && k.range && out.collectionKey === undefined) out.collectionKey = [k.range[0], k.range[1]];
      if (isScalar(k) && k.range) {
        const key = String(k.value);
        if (key !== '<<') {
          seen ??= new Set();
          if (seen.has(key) && out.duplicates.length < MAX_DUPLICATES) out.duplicates.push({ key, range: [k.range[0], k.range[1]] });
          seen.add(key);
        }
      }
      scanKeys(item.value, out);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) scanKeys(item, out);
  }
}

/** An unrendered template (`{{ .Values.x }}`) is the usual reason a chart's file does not parse. */
function templateHint(text: string, doc: Document.Parsed): string {
  const r = doc.range;
  const slice = r ? text.slice(r[0], r[2]) : text;
  return /\{\{[\s\S]*?\}\}/.test(slice) ? ' (the document contains {{ }} template syntax: lint the rendered output, e.g. helm template . | protocheck lint -)' : '';
}

function isEmptyDoc(doc: Document.Parsed): boolean {
  const c = doc.contents;
  return c === null || (isScalar(c) && (c.value === null || c.value === ''));
}

/** Parses one file's text into documents, problems and objects. */
export function parseSource(src: SourceText, stdinName = '<stdin>'): ParsedFile {
  const lineCounter = new LineCounter();
  if (src.notText !== undefined) {
    const problem: ParseProblem = { file: src.file, code: 'NOT_TEXT', fatal: true, message: `not a text file (${src.notText}): not YAML or JSON`, line: 1, column: 1, endLine: 1, endColumn: 1 };
    return { file: src.file, text: src.text, lineCounter, docs: [], problems: [problem], objects: [] };
  }
  // A document nested deeper than the bound is blanked before parsing (the parser is recursive and slow on it): one parse problem.
  const bounded = blankTooDeep(src.text);
  const docs = parseAllDocuments(bounded.text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: false });
  const list = (Array.isArray(docs) ? docs : []) as Document.Parsed[];
  const problems: ParseProblem[] = bounded.deep.map((off) => ({
    file: src.file,
    code: 'NESTING_TOO_DEEP',
    fatal: true,
    message: `mappings and sequences nested deeper than ${MAX_NESTING} levels: the document is not read`,
    ...spanOfOffsets(off, off + 1, lineCounter),
  }));
  const parsedDocs: ParsedDoc[] = [];
  const objects: K8sObject[] = [];
  const hasAliases = src.text.includes('*');
  list.forEach((doc, index) => {
    const helmSource = helmSourceOf(doc);
    const pd: ParsedDoc = { file: src.file, index, doc, helmSource };
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      problems.push({ file: src.file, code: e.code, fatal: true, message: (e.message.split('\n')[0] ?? e.message) + templateHint(src.text, doc), ...spanOfOffsets(e.pos[0], e.pos[1], lineCounter) });
      return;
    }
    if (isEmptyDoc(doc)) return;
    // Anchors and aliases (`*ports`): the node helpers read an alias as the node it names.
    if (hasAliases) registerAliases(doc);
    parsedDocs.push(pd);
    // Valid YAML that Kubernetes cannot read: a mapping or sequence used as a key (JSON keys are strings),
    // typically an unquoted template placeholder such as {{args.x}}. Reported; the document is still linted.
    const scan: KeyScan = { duplicates: [] };
    scanKeys(doc.contents, scan);
    const bad = scan.collectionKey;
    if (bad) {
      problems.push({
        file: src.file,
        code: 'NON_STRING_KEY',
        fatal: false,
        message: 'a mapping or sequence is used as a mapping key, which Kubernetes cannot convert to JSON (an unquoted template placeholder such as {{x}}? quote it)',
        ...spanOfOffsets(bad[0], bad[1], lineCounter),
      });
    }
    // A key given twice: most readers keep the last value silently (so does protocheck), so an earlier
    // annotations: block is lost; strict validation rejects the document.
    for (const d of scan.duplicates) {
      problems.push({
        file: src.file,
        code: 'DUPLICATE_KEY',
        fatal: false,
        message: `the key "${d.key}" appears twice in one mapping: most YAML readers keep only the last one (protocheck too), so the first is silently lost, and strict validation (kubectl --validate=strict, kubeconform -strict) rejects it`,
        ...spanOfOffsets(d.range[0], d.range[1], lineCounter),
      });
    }
    const displayFile = src.file === stdinName && helmSource !== null ? helmSource : src.file;
    const root = doc.contents;
    if (!isMap(root)) return;
    const make = (node: YAMLMap<unknown, unknown>, path: (string | number)[]): K8sObject => ({
      file: src.file,
      displayFile,
      doc: pd,
      path,
      node,
      apiVersion: str(get(node, 'apiVersion')) ?? null,
      kind: str(get(node, 'kind')) ?? null,
      name: str(getIn(node, ['metadata', 'name'])) ?? null,
      namespace: str(getIn(node, ['metadata', 'namespace'])) ?? null,
      lineCounter,
    });
    const top = make(root as YAMLMap<unknown, unknown>, []);
    if (top.kind !== null && top.kind.endsWith('List') && get(root, 'items') !== undefined) {
      asSeqItems(get(root, 'items')).forEach((item, i) => {
        if (isMap(item)) objects.push(make(item as YAMLMap<unknown, unknown>, ['items', i]));
      });
    } else {
      objects.push(top);
    }
  });
  return { file: src.file, text: src.text, lineCounter, docs: parsedDocs, problems, objects };
}

/** An object Kubernetes would accept as one: it names its apiVersion and kind. */
export function isKubernetesObject(o: K8sObject): boolean {
  return o.apiVersion !== null && o.kind !== null;
}
