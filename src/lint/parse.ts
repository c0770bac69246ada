/**
 * Text to documents and Kubernetes objects: multi-document YAML (and JSON, which is YAML), `kind: List`,
 * Helm `# Source:` comments. Documents that do not parse become parse problems with a position;
 * the other documents are still used. Pure: no fs.
 */
import { LineCounter, parseAllDocuments, isMap, isScalar, type Document, type Node, type YAMLMap } from 'yaml';
import type { Span } from './types.js';
import { asSeqItems, get, getIn, spanOfOffsets, str } from './yaml-nodes.js';

export interface SourceText {
  /** As given on the command line, or `<stdin>`. */
  readonly file: string;
  readonly text: string;
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

function isEmptyDoc(doc: Document.Parsed): boolean {
  const c = doc.contents;
  return c === null || (isScalar(c) && (c.value === null || c.value === ''));
}

/** Parses one file's text into documents, problems and objects. */
export function parseSource(src: SourceText, stdinName = '<stdin>'): ParsedFile {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(src.text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: false });
  const list = (Array.isArray(docs) ? docs : []) as Document.Parsed[];
  const problems: ParseProblem[] = [];
  const parsedDocs: ParsedDoc[] = [];
  const objects: K8sObject[] = [];
  list.forEach((doc, index) => {
    const helmSource = helmSourceOf(doc);
    const pd: ParsedDoc = { file: src.file, index, doc, helmSource };
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      problems.push({ file: src.file, code: e.code, message: e.message.split('\n')[0] ?? e.message, ...spanOfOffsets(e.pos[0], e.pos[1], lineCounter) });
      return;
    }
    if (isEmptyDoc(doc)) return;
    parsedDocs.push(pd);
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
