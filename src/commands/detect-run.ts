/** The body of `protocheck detect`: read the input, run the detector, print text or JSON. */
import { meshOf } from '../mesh/options.js';
import { istioDetect, renderIstioDetectText } from '../mesh/istio-detect.js';
import { fsReason, readBounded, readBoundedStream } from '../input-file.js';
import { resolve } from 'node:path';
import type { Io } from '../io.js';
import type { DetectOptions } from './detect.js';
import { toJson } from './options.js';
import { InputError, UsageError } from '../errors.js';
import { EXIT_OK } from '../exit-codes.js';
import { makeChalk } from '../term/color.js';
import { escapeBytes, escapeText } from '../term/escape.js';
import { detect, type DetectResult } from '../detect/index.js';
import { detectJson } from '../detect/json.js';

/** Parses --hex: hex digits, optionally separated by whitespace or colons; "" is zero bytes. */
export function parseHexInput(raw: string): Uint8Array {
  let digits = '';
  for (const ch of raw) {
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === ':') continue;
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'))) {
      throw new InputError(`--hex: "${escapeText(ch)}" is not a hex digit (use 0-9 and a-f, e.g. --hex "16 03 01")`);
    }
    digits += ch;
  }
  if (digits.length % 2 !== 0) throw new InputError(`--hex: odd number of hex digits (${digits.length}); each byte needs two`);
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}

/** Parses --text: UTF-8 text with \r \n \t \\ and \xNN escapes. */
export function parseTextInput(raw: string): Uint8Array {
  const out: number[] = [];
  const pushText = (s: string) => {
    for (const b of Buffer.from(s, 'utf8')) out.push(b);
  };
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i] as string;
    if (ch !== '\\') {
      const cp = raw.codePointAt(i) as number;
      const s = String.fromCodePoint(cp);
      pushText(s);
      i += s.length;
      continue;
    }
    const next = raw[i + 1];
    if (next === 'r') out.push(0x0d);
    else if (next === 'n') out.push(0x0a);
    else if (next === 't') out.push(0x09);
    else if (next === '\\') out.push(0x5c);
    else if (next === 'x') {
      const hh = raw.slice(i + 2, i + 4);
      if (hh.length !== 2 || !/^[0-9a-fA-F]{2}$/.test(hh)) throw new InputError(`--text: "\\x" needs two hex digits (at character ${i + 1})`);
      out.push(parseInt(hh, 16));
      i += 4;
      continue;
    } else if (next === undefined) throw new InputError('--text: a lone "\\" at the end (write "\\\\" for a backslash)');
    else throw new InputError(`--text: unknown escape "\\${escapeText(next)}" (use \\r \\n \\t \\\\ or \\xNN)`);
    i += 2;
  }
  return Uint8Array.from(out);
}

/**
 * The most bytes detect reads from a file or stdin. The proxy examines at most 8197 (a whole first
 * TLS record of 8192 bytes; HTTP looks at 1024, 8192 on 2.9), so anything past this changes no
 * verdict, and /dev/zero or an endless pipe cannot exhaust memory.
 */
export const MAX_DETECT_INPUT = 1 << 20;

/** Up to MAX_DETECT_INPUT bytes of standard input, and whether there was more. */
/** The reads of a repeated --hex / --text: one empty value alone is "nothing sent"; otherwise none may be empty. */
function readsOf(values: readonly string[], flag: string, parse: (raw: string) => Uint8Array): Uint8Array[] {
  const reads = values.map(parse);
  if (reads.length === 1) return reads[0]?.length === 0 ? [] : reads;
  const empty = reads.findIndex((r) => r.length === 0);
  if (empty >= 0) throw new InputError(`${flag}: read ${empty + 1} of ${reads.length} is empty; every read has at least one byte (use --eof for a client that closes)`);
  let total = 0;
  for (const r of reads) total += r.length;
  if (total > MAX_DETECT_INPUT) throw new InputError(`${flag}: the reads hold ${total} bytes, more than ${MAX_DETECT_INPUT}`);
  return reads;
}

async function readInput(file: string | undefined, options: DetectOptions, io: Io): Promise<{ reads: Uint8Array[]; source: string; truncated: boolean }> {
  const given = [file !== undefined, options.hex !== undefined, options.text !== undefined].filter(Boolean).length;
  if (given === 0) throw new UsageError('detect needs the client bytes: a FILE, "-" for standard input, --hex HEX or --text STRING');
  if (given > 1) throw new UsageError('detect takes one kind of input: a FILE (or "-"), --hex (repeatable) or --text (repeatable)');
  if (options.hex !== undefined) return { reads: readsOf(options.hex, '--hex', parseHexInput), source: 'hex', truncated: false };
  if (options.text !== undefined) return { reads: readsOf(options.text, '--text', parseTextInput), source: 'text', truncated: false };
  const one = (bytes: Uint8Array): Uint8Array[] => (bytes.length === 0 ? [] : [bytes]);
  if (file === '-') {
    const r = await readBoundedStream(io.stdinStream(), MAX_DETECT_INPUT);
    return { reads: one(Uint8Array.from(r.bytes)), source: 'stdin', truncated: r.more };
  }
  const path = resolve(io.cwd, file as string);
  try {
    const r = await readBounded(path, MAX_DETECT_INPUT);
    return { reads: one(Uint8Array.from(r.bytes)), source: 'file', truncated: r.more };
  } catch (error) {
    throw new InputError(`cannot read ${escapeText(file as string)}: ${fsReason(error)}`);
  }
}

const HTTP_TEXT: Record<DetectResult['http'], string> = {
  http1: 'HTTP/1',
  h2: 'HTTP/2',
  'not-http': 'not HTTP',
  timeout: 'nothing read (the proxy waits for its detect timeout)',
  closed: 'the client closed before the proxy could decide: an error, the connection is dropped',
};

const HTTP1_TEXT: Record<string, string> = {
  complete: 'a complete request head',
  partial: 'a valid request so far, cut short',
  'too-many-headers': 'request line and first header line valid',
  'partial-in-method': 'a false positive: the read ran out before the method ended (one unbroken token, or only empty lines)',
  invalid: 'rejected by the request-line grammar',
};

const TLS_TEXT: Record<DetectResult['tls']['state'], string> = {
  sni: 'ClientHello with server name',
  'no-sni': 'no usable server name (plaintext path)',
  'not-tls': 'not TLS (plaintext path)',
  incomplete: 'incomplete: the proxy keeps reading',
};

function tlsVersion(v: number): string {
  const names: Record<number, string> = { 0x0300: 'SSL 3.0', 0x0301: 'TLS 1.0', 0x0302: 'TLS 1.1', 0x0303: 'TLS 1.2', 0x0304: 'TLS 1.3' };
  return names[v] ?? `0x${v.toString(16).padStart(4, '0')}`;
}

/** More than a quarter of the first 64 bytes outside printable ASCII, CR, LF and TAB. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (!((b >= 0x20 && b < 0x7f) || b === 0x0d || b === 0x0a || b === 0x09)) odd++;
  }
  return odd * 4 > n;
}

function hexPreview(bytes: Uint8Array, max: number): string {
  const parts: string[] = [];
  for (let i = 0; i < Math.min(bytes.length, max); i++) parts.push((bytes[i] as number).toString(16).padStart(2, '0'));
  return parts.join(' ') + (bytes.length > max ? ` ... (+${bytes.length - max} bytes)` : '');
}

function showBytes(bytes: Uint8Array): string {
  return looksBinary(bytes) ? `hex ${hexPreview(bytes, 32)}` : `"${escapeBytes(bytes, 96)}"`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function renderText(d: DetectResult, source: string, reads: readonly Uint8Array[], c: ReturnType<typeof makeChalk>): string {
  const lines: string[] = [];
  const bytes = reads.length === 1 ? (reads[0] as Uint8Array) : Uint8Array.from(reads.flatMap((r) => [...r]));
  const end = d.reads.closed ? ', then the client closes' : '';
  if (reads.length === 0) {
    const nothing = d.reads.closed ? '(nothing: the client connects and closes)' : '(nothing: the client waits for the server)';
    lines.push(`${c.bold('First read')}   0 bytes from ${source}: ${nothing}`);
  } else if (reads.length === 1) {
    lines.push(`${c.bold('First read')}   ${plural(d.length, 'byte')} from ${source}: ${showBytes(bytes)}${end}`);
  } else {
    lines.push(`${c.bold('First write')}  ${plural(d.length, 'byte')} in ${reads.length} reads from ${source}${end}`);
    reads.forEach((r, i) => lines.push(`  read ${i + 1}     ${plural(r.length, 'byte')}: ${showBytes(r)}`));
  }
  lines.push(`${c.bold('Linkerd')}      ${d.linkerd.version}, proxy detector ${d.linkerd.detector}`);
  lines.push('');
  let http = HTTP_TEXT[d.http];
  if (d.reads.needsMore) http = `undecided after ${plural(d.reads.given, 'read')}: this proxy reads until a newline, so it reads again`;
  else if (d.linkerd.http1 !== null && d.http !== 'timeout') http += ` (${HTTP1_TEXT[d.linkerd.http1] ?? d.linkerd.http1})`;
  else if (d.http === 'not-http' && d.length > 0 && d.linkerd.httpExamined < 14 && (d.linkerd.detector === 'v2.131' || d.linkerd.detector === 'v2.286')) http += ' (fewer than 14 bytes)';
  else if (d.reads.closed && d.length === 0 && d.http !== 'closed') http += ' (the client closed without sending)';
  const readsNote =
    d.reads.given > 1 && (d.linkerd.detector === 'v2.100' || d.linkerd.detector === 'v2.131' || d.linkerd.detector === 'v2.286') ? '; one read decides, later reads are not examined'
    : d.reads.given > 1 && !d.reads.needsMore ? `; decided on read ${d.reads.used}` : '';
  lines.push(`${c.bold('HTTP check')}   ${http}; looked at ${plural(d.linkerd.httpExamined, 'byte')}, httparse ${d.linkerd.httparse}${readsNote}`);
  let tls = TLS_TEXT[d.tls.state];
  if (d.tls.state === 'sni') tls += ` ${escapeText(d.tls.sni)}`;
  if (d.tls.state === 'incomplete' && d.reads.closed) tls = d.length === 0 ? 'end of stream at once: no TLS (plaintext path)' : `${tls}; the client closed, so the step ends with no TLS`;
  else if (d.tls.state === 'incomplete' && d.tls.stuck) tls += '; the record is complete but can never satisfy the parser';
  else if (d.tls.state === 'incomplete' && bytes.length >= 5) {
    const record = 5 + (((bytes[3] as number) << 8) | (bytes[4] as number));
    if (bytes.length < record) tls += ` (${bytes.length} of the first record's ${record} bytes)`;
  }
  lines.push(`${c.bold('TLS step')}     ${tls}`);
  if (d.tls.recordVersion !== null) {
    const parts = [`record ${tlsVersion(d.tls.recordVersion)}`];
    if (d.tls.helloVersion !== null) parts.push(`hello ${tlsVersion(d.tls.helloVersion)}`);
    if (d.tls.supportedVersions.length > 0) parts.push(`supported ${d.tls.supportedVersions.map(tlsVersion).join(', ')}`);
    if (d.tls.alpn.length > 0) parts.push(`ALPN ${d.tls.alpn.map((a) => escapeText(a)).join(', ')}`);
    lines.push(`             ${parts.join('; ')}`);
  }
  const who = d.protocol === null ? 'not identified' : `${d.protocol}${d.identification?.product ? ` (${escapeText(d.identification.product)}${d.identification.version ? ` ${escapeText(d.identification.version)}` : ''})` : ''}`;
  const basis = d.identifiedAs === 'server-banner' ? ', looks like a server greeting, not client bytes' : d.identifiedAs === 'detector' ? ', from the detector' : '';
  lines.push(`${c.bold('Protocol')}     ${who}${basis}`);
  lines.push('');
  lines.push(`${c.bold('Outbound')}     ${c.cyan('client proxy, port not opaque:')} ${d.linkerd.outbound}`);
  lines.push(`${c.bold('Inbound')}      ${c.cyan('server proxy, port not opaque:')} ${d.linkerd.inbound}`);
  return lines.join('\n') + '\n';
}

export async function runDetect(file: string | undefined, options: DetectOptions, io: Io): Promise<number> {
  const { reads, source, truncated } = await readInput(file, options, io);
  if (truncated) io.stderr.write(`protocheck: warning: the input is longer than ${MAX_DETECT_INPUT} bytes; using the first ${MAX_DETECT_INPUT} (the proxy examines at most 8197)\n`);
  const mesh = meshOf(options);
  if (mesh.mesh === 'istio') {
    // Envoy's listener filters see the bytes as one buffer.
    const bytes = reads.length === 1 ? (reads[0] as Uint8Array) : Uint8Array.from(reads.flatMap((r) => [...r]));
    const r = istioDetect(bytes, mesh.istio);
    const shown = bytes.length === 0 ? '(nothing: the client waits for the server)' : looksBinary(bytes) ? `hex ${hexPreview(bytes, 32)}` : `"${escapeBytes(bytes, 96)}"`;
    if (options.json === true) io.stdout.write(toJson(r));
    else io.stdout.write(renderIstioDetectText(r, shown, source, makeChalk(io.env, io.stdout, options.color === false ? false : undefined)));
    return EXIT_OK;
  }
  const result = detect({ reads, closed: options.eof === true }, options.linkerd);
  if (options.json === true) io.stdout.write(toJson(detectJson(result)));
  else io.stdout.write(renderText(result, source, reads, makeChalk(io.env, io.stdout, options.color === false ? false : undefined)));
  return EXIT_OK;
}
