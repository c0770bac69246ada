/**
 * One line of `kubectl logs POD -c linkerd-proxy` output, taken apart: the optional prefixes kubectl
 * adds (`--prefix` `[pod/NAME/CONTAINER] `, `--timestamps` RFC 3339 time, both in that order), then
 * either a tracing-subscriber "full" line (`[ UPTIME s] LEVEL ThreadId(N) span{f=v}:span: target: message
 * key=value`) or a tracing-subscriber JSON object (LINKERD2_PROXY_LOG_FORMAT=json). The shapes are
 * described in docs/commands/logs.md ("What the proxy writes"); sources: linkerd/linkerd2-proxy
 * linkerd/tracing/src/lib.rs (plain and JSON builders) and linkerd/app/core/src/trace.rs@release/v2.100.0
 * (2.8: no thread ids). Pure; never throws on any input.
 */

export type Level = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface Span {
  readonly name: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface ProxyLine {
  /** Pod name from a `--prefix` (`[pod/NAME/CONTAINER] `) or a stern-style `NAME linkerd-proxy ` prefix. */
  readonly pod: string | null;
  /** `--timestamps` time, or the JSON `timestamp`; null otherwise (the uptime column is not a time). */
  readonly time: string | null;
  readonly level: Level;
  /** Spans, outermost first. */
  readonly spans: readonly Span[];
  /** Module path (`linkerd_app_core::serve`). */
  readonly target: string;
  /** The message with its trailing `key=value` event fields (plain) or `fields.message` (JSON). */
  readonly message: string;
  /** Event fields: parsed from the message tail (plain) or `fields` (JSON). */
  readonly fields: Readonly<Record<string, string>>;
  readonly json: boolean;
}

const POD_PREFIX = /^\[pod\/([^/\]\s]+)\/[^\]\s]*\] /;
const STERN_PREFIX = /^([a-z0-9][-a-z0-9.]*) linkerd-proxy /;
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) /;
/** The level token: after an uptime column or the start (possibly after other text), then ThreadId (2.9+). */
const LEVEL = /(?:^|[\s\]])(TRACE|DEBUG|INFO|WARN|ERROR) ThreadId\(\d+\) /;
/** 2.8 lines have no thread id: only trusted right after the uptime column. */
const LEVEL_NO_THREAD = /\[\s*\d+\.\d+s\]\s+(TRACE|DEBUG|INFO|WARN|ERROR) /;
const IDENT = /[A-Za-z_][\w.-]*/y;
const TARGET = /^[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*$/;
/** `key=value` pairs in span braces and after a message (values without spaces are all we read). */
const FIELD = /(?:^|\s)([A-Za-z_][\w.]*)=(\S*)/g;

function parseFields(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  FIELD.lastIndex = 0;
  for (let m = FIELD.exec(text); m !== null; m = FIELD.exec(text)) {
    const key = m[1] as string;
    if (!(key in out)) out[key] = m[2] as string;
  }
  return out;
}

/** Index of the `}` closing the `{` at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) return i;
  }
  return -1;
}

/** `spans: target: message` (spans optional). */
function parseBody(body: string): { spans: Span[]; target: string; message: string } | null {
  const spans: Span[] = [];
  let i = 0;
  let chainEnd = -1;
  for (;;) {
    IDENT.lastIndex = i;
    const m = IDENT.exec(body);
    if (m === null) break;
    let j = i + m[0].length;
    let fields: Record<string, string> = {};
    if (body.charCodeAt(j) === 0x7b) {
      const close = closing(body, j);
      if (close === -1) return null;
      fields = parseFields(body.slice(j + 1, close));
      j = close + 1;
    }
    if (body.charCodeAt(j) !== 0x3a /* : */) break;
    const next = body.charCodeAt(j + 1);
    if (next === 0x3a) break; // `a::b`: a module path, not a span
    spans.push({ name: m[0], fields });
    if (next === 0x20) {
      chainEnd = j + 2;
      break;
    }
    i = j + 1;
  }
  if (chainEnd !== -1) {
    const sep = body.indexOf(': ', chainEnd);
    const candidate = sep === -1 ? '' : body.slice(chainEnd, sep);
    if (sep !== -1 && TARGET.test(candidate)) return { spans, target: candidate, message: body.slice(sep + 2) };
    // One bare name followed by a message: that name was the target, there were no spans.
    if (spans.length === 1 && Object.keys(spans[0]?.fields ?? {}).length === 0) return { spans: [], target: spans[0]?.name ?? '', message: body.slice(chainEnd) };
    return null;
  }
  const sep = body.indexOf(': ');
  if (sep === -1 || !TARGET.test(body.slice(0, sep))) return null;
  return { spans: [], target: body.slice(0, sep), message: body.slice(sep + 2) };
}

function flatten(value: unknown, prefix: string, out: Record<string, string>): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    // Log shippers sometimes re-nest dotted keys (`"client":{"addr":...}`; linkerd/linkerd2#14851).
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
    return;
  }
  out[prefix] = typeof value === 'string' ? value : JSON.stringify(value);
}

function parseJson(text: string, pod: string | null, kubectlTime: string | null): ProxyLine | null {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return null;
  const o = obj as Record<string, unknown>;
  const level = typeof o['level'] === 'string' ? o['level'].toUpperCase() : '';
  if (level !== 'TRACE' && level !== 'DEBUG' && level !== 'INFO' && level !== 'WARN' && level !== 'ERROR') return null;
  if (typeof o['target'] !== 'string' || typeof o['fields'] !== 'object' || o['fields'] === null) return null;
  const fields: Record<string, string> = {};
  flatten(o['fields'], '', fields);
  const message = fields['message'] ?? '';
  delete fields['message'];
  const spans: Span[] = [];
  if (Array.isArray(o['spans'])) {
    for (const s of o['spans'] as unknown[]) {
      if (typeof s !== 'object' || s === null) continue;
      const f: Record<string, string> = {};
      flatten(s, '', f);
      const name = f['name'] ?? '';
      delete f['name'];
      spans.push({ name, fields: f });
    }
  }
  const time = kubectlTime ?? (typeof o['timestamp'] === 'string' ? o['timestamp'] : null);
  return { pod, time, level, spans, target: o['target'], message, fields, json: true };
}

/**
 * The proxy line in `raw`, or null when it is not one (another container's output, a startup
 * wrapper line, a partial paste).
 */
export function parseLine(raw: string): ProxyLine | null {
  let rest = raw;
  let pod: string | null = null;
  let time: string | null = null;
  const p = POD_PREFIX.exec(rest);
  if (p !== null) {
    pod = p[1] as string;
    rest = rest.slice(p[0].length);
  }
  const t = TIMESTAMP.exec(rest);
  if (t !== null) {
    time = t[1] as string;
    rest = rest.slice(t[0].length);
  }
  if (pod === null) {
    const s = STERN_PREFIX.exec(rest);
    if (s !== null) {
      pod = s[1] as string;
      rest = rest.slice(s[0].length);
    }
  }
  if (rest.charCodeAt(0) === 0x7b) return parseJson(rest, pod, time);
  let level: Level;
  let bodyAt: number;
  // Fast path: `LEVEL ThreadId(N) ` found by its thread id (2.9+); the regular expressions otherwise.
  const th = rest.indexOf(' ThreadId(');
  const close = th === -1 ? -1 : rest.indexOf(') ', th + 10);
  const word = th === -1 ? '' : rest.slice(rest.lastIndexOf(' ', th - 1) + 1, th);
  if (close !== -1 && (word === 'INFO' || word === 'WARN' || word === 'DEBUG' || word === 'ERROR' || word === 'TRACE') && /^\d+$/.test(rest.slice(th + 10, close))) {
    level = word;
    bodyAt = close + 2;
  } else {
    const l = LEVEL.exec(rest) ?? LEVEL_NO_THREAD.exec(rest);
    if (l === null) return null;
    level = l[1] as Level;
    bodyAt = l.index + l[0].length;
  }
  const body = parseBody(rest.slice(bodyAt));
  if (body === null) return null;
  // Event fields are parsed on first use: most candidate lines are classified by their message alone.
  let fields: Record<string, string> | undefined;
  const message = body.message;
  return {
    pod, time, level, spans: body.spans, target: body.target, message, json: false,
    get fields() {
      return (fields ??= parseFields(message));
    },
  };
}
