/**
 * What Envoy's listener filters decide for a client's first bytes (docs/istio.md "Envoy's
 * inspectors"). Written as facts from envoyproxy/envoy
 * source/extensions/filters/listener/http_inspector/http_inspector.cc@0057e7350b8b and
 * tls_inspector/tls_inspector.cc@019ab9320a2c, not translated from them. Pure.
 */
import { parseClientHello, sniOf } from '../detect/index.js';

/** http_inspector: keep waiting, an HTTP version (sets the ALPN the filter chains match), not HTTP, or the connection closed (64 KiB without a decision). */
export type HttpDecision = 'wait' | 'http/1.1' | 'http/1.0' | 'h2c' | 'not-http' | 'close';

/**
 * Envoy has two HTTP/1 parsers behind the runtime flag http_inspector_use_balsa_parser: the legacy
 * http-parser reads byte by byte and fails at the first byte that cannot start a request line; Balsa
 * reads the first line only once its `\n` has arrived. Balsa became the default in Envoy 1.39.0
 * (changelogs/1.39.0.yaml); which Istio release first ships it is not modelled, so both are given.
 */
export type HttpParserKind = 'legacy' | 'balsa';

export interface HttpInspection {
  readonly decision: HttpDecision;
  readonly reason: string;
}

const H2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
/** http_inspector gives up (closes) after this many bytes without a decision (Config::MAX_INSPECT_SIZE). */
export const HTTP_INSPECT_MAX = 64 * 1024;

/** The request methods http-parser knows (Balsa's list, balsa_parser.cc isMethodValid, spells M-SEARCH as MSEARCH). */
const LEGACY_METHODS = [
  'DELETE', 'GET', 'HEAD', 'POST', 'PUT', 'CONNECT', 'OPTIONS', 'TRACE', 'COPY', 'LOCK', 'MKCOL', 'MOVE',
  'PROPFIND', 'PROPPATCH', 'SEARCH', 'UNLOCK', 'BIND', 'REBIND', 'UNBIND', 'ACL', 'REPORT', 'MKACTIVITY',
  'CHECKOUT', 'MERGE', 'M-SEARCH', 'NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE', 'PATCH', 'PURGE', 'MKCALENDAR',
  'LINK', 'UNLINK', 'SOURCE',
];

const isTchar = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || '!#$%&\'*+-.^_`|~'.includes(String.fromCharCode(c));
/** Request-target bytes both parsers accept (balsa_parser.cc isUrlValid mirrors http-parser: tab, form feed, '!'..'~'). */
const isTargetByte = (c: number) => c === 9 || c === 12 || (c >= 0x21 && c <= 0x7e);

type LineResult = { kind: 'partial' } | { kind: 'error'; why: string } | { kind: 'done'; version: string | null };

/**
 * Reads `METHOD SP TARGET [SP HTTP/d.d] [CR] LF` over `bytes`. `anyMethod`: Balsa with custom methods
 * (any token); otherwise the method must be (a prefix of) a known one.
 */
function readRequestLine(bytes: Uint8Array, anyMethod: boolean): LineResult {
  let i = 0;
  let method = '';
  while (i < bytes.length && bytes[i] !== 0x20) {
    const c = bytes[i] ?? 0;
    if (anyMethod ? !isTchar(c) : !(c === 0x2d || (c >= 0x41 && c <= 0x5a))) return { kind: 'error', why: `byte 0x${c.toString(16).padStart(2, '0')} at offset ${i} cannot be part of a request method` };
    method += String.fromCharCode(c);
    if (!anyMethod && !LEGACY_METHODS.some((m) => m.startsWith(method))) return { kind: 'error', why: `"${method}" is not the start of a known request method` };
    i++;
  }
  if (i === bytes.length) return { kind: 'partial' };
  if (method === '' || (!anyMethod && !LEGACY_METHODS.includes(method))) return { kind: 'error', why: `"${method}" is not a known request method` };
  i++;
  const targetStart = i;
  while (i < bytes.length && bytes[i] !== 0x20 && bytes[i] !== 0x0d && bytes[i] !== 0x0a) {
    const c = bytes[i] ?? 0;
    if (!isTargetByte(c)) return { kind: 'error', why: `byte 0x${c.toString(16).padStart(2, '0')} at offset ${i} is not allowed in a request target` };
    i++;
  }
  if (i === bytes.length) return { kind: 'partial' };
  if (i === targetStart) return { kind: 'error', why: 'empty request target' };
  if (bytes[i] !== 0x20) {
    // `GET /` then CR/LF: an HTTP/0.9 request line, which http-parser accepts as version 0.9.
    return lineEnd(bytes, i, null);
  }
  i++;
  const want = 'HTTP/';
  let version = '';
  for (let k = 0; k < want.length; k++, i++) {
    if (i === bytes.length) return { kind: 'partial' };
    if (bytes[i] !== want.charCodeAt(k)) return { kind: 'error', why: 'the request line does not end in an HTTP version' };
  }
  for (const shape of ['d', '.', 'd']) {
    if (i === bytes.length) return { kind: 'partial' };
    const c = bytes[i] ?? 0;
    const ok = shape === 'd' ? c >= 0x30 && c <= 0x39 : c === 0x2e;
    if (!ok) return { kind: 'error', why: 'malformed HTTP version' };
    version += String.fromCharCode(c);
    i++;
  }
  return lineEnd(bytes, i, version);
}

function lineEnd(bytes: Uint8Array, i: number, version: string | null): LineResult {
  if (i === bytes.length) return { kind: 'partial' };
  if (bytes[i] === 0x0d) {
    if (i + 1 === bytes.length) return { kind: 'partial' };
    return bytes[i + 1] === 0x0a ? { kind: 'done', version } : { kind: 'error', why: 'CR not followed by LF' };
  }
  return bytes[i] === 0x0a ? { kind: 'done', version } : { kind: 'error', why: 'unexpected byte after the request line' };
}

/** What http_inspector decides for `bytes` (all the client has sent so far). */
export function inspectHttp(bytes: Uint8Array, parser: HttpParserKind = 'legacy'): HttpInspection {
  if (bytes.length === 0) return { decision: 'wait', reason: 'no client bytes yet: the inspector waits for the client to speak' };
  const n = Math.min(bytes.length, H2_PREFACE.length);
  let prefaceSoFar = true;
  for (let k = 0; k < n; k++) if (bytes[k] !== H2_PREFACE.charCodeAt(k)) prefaceSoFar = false;
  if (prefaceSoFar) {
    return bytes.length < H2_PREFACE.length
      ? { decision: 'wait', reason: `a prefix of the HTTP/2 preface (${bytes.length} of 24 bytes): waits for the rest` }
      : { decision: 'h2c', reason: 'the HTTP/2 connection preface' };
  }
  if (bytes[0] === 0x0d || bytes[0] === 0x0a) return { decision: 'not-http', reason: 'the first byte is CR or LF' };
  const lf = bytes.indexOf(0x0a);
  const line = lf >= 0 ? bytes.subarray(0, lf + 1) : bytes;
  if (parser === 'balsa' && lf < 0) {
    return bytes.length >= HTTP_INSPECT_MAX
      ? { decision: 'close', reason: '64 KiB without a line end: the connection is closed' }
      : { decision: 'wait', reason: 'Balsa reads the first line only when its LF has arrived: waits' };
  }
  const r = readRequestLine(line, parser === 'balsa');
  if (r.kind === 'error') return { decision: 'not-http', reason: r.why };
  if (r.kind === 'partial') {
    return bytes.length >= HTTP_INSPECT_MAX
      ? { decision: 'close', reason: '64 KiB without a complete request line: the connection is closed' }
      : { decision: 'wait', reason: 'a valid start of an HTTP/1 request line without its LF: waits for more' };
  }
  if (r.version === '1.1') return { decision: 'http/1.1', reason: 'an HTTP/1.1 request line' };
  return { decision: 'http/1.0', reason: r.version === null ? 'a request line without a version (HTTP/0.9 form): treated as HTTP/1.0' : `an HTTP/${r.version} request line: treated as HTTP/1.0` };
}

/** tls_inspector: keep waiting, TLS (transport `tls`, with SNI/ALPN when present), or plaintext. */
export type TlsDecision = 'wait' | 'tls' | 'not-tls';

export interface TlsInspection {
  readonly decision: TlsDecision;
  readonly reason: string;
  readonly sni: string | null;
  readonly alpn: readonly string[];
}

/** Largest TLS record body a ClientHello record may declare (2^14 plus the TLS 1.2 expansion allowance). */
const MAX_RECORD = 16384 + 2048;

/**
 * What tls_inspector decides. It hands the bytes to BoringSSL's server handshake and stops at the
 * ClientHello: BoringSSL needs the 5-byte record header before it can say anything, rejects a
 * record that is not a handshake record of major version 3, and waits for the whole ClientHello.
 * A parse error counts as plaintext (the default close_connection_on_client_hello_parsing_errors
 * is false). [derived: the record-layer rules are BoringSSL's, ssl/tls_record.cc]
 */
export function inspectTls(bytes: Uint8Array): TlsInspection {
  const none = { sni: null, alpn: [] as string[] };
  if (bytes.length < 5) return { decision: 'wait', reason: `${bytes.length} of the 5 record-header bytes: waits`, ...none };
  if (bytes[0] !== 0x16) return { decision: 'not-tls', reason: 'not a TLS handshake record (first byte is not 0x16): plaintext', ...none };
  if (bytes[1] !== 0x03) return { decision: 'not-tls', reason: 'record version is not 3.x: plaintext', ...none };
  const recordLength = ((bytes[3] ?? 0) << 8) | (bytes[4] ?? 0);
  if (recordLength > MAX_RECORD) return { decision: 'not-tls', reason: 'record longer than TLS allows: plaintext', ...none };
  if (bytes.length < 5 + recordLength) return { decision: 'wait', reason: `TLS record incomplete (${bytes.length - 5} of ${recordLength} bytes): waits`, ...none };
  if (recordLength < 4) return { decision: 'not-tls', reason: 'record too short for a handshake message: plaintext', ...none };
  if (bytes[5] !== 0x01) return { decision: 'not-tls', reason: 'the handshake message is not a ClientHello: plaintext', ...none };
  const helloLength = ((bytes[6] ?? 0) << 16) | ((bytes[7] ?? 0) << 8) | (bytes[8] ?? 0);
  if (4 + helloLength > recordLength) return { decision: 'wait', reason: 'the ClientHello continues in another record: waits', ...none };
  const info = parseClientHello(bytes);
  if (info.state === 'not-tls') return { decision: 'not-tls', reason: 'malformed ClientHello: treated as plaintext', ...none };
  return { decision: 'tls', reason: 'a complete ClientHello', sni: sniOf(info), alpn: info.alpn };
}
