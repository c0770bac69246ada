/**
 * Linkerd's HTTP detection on what the client sends first, per proxy generation (docs/detection.md,
 * "HTTP detection"). Pure: reads in, verdict out.
 *
 * The proxy's detector changed three times, and the Linkerd release that shipped a proxy is read from
 * linkerd/linkerd2 `.proxy-version` at the release tag (edge releases included):
 *   v2.100  (proxy <= v2.124.x): one read of up to 8192 bytes, the full 24-byte HTTP/2 preface, no
 *           minimum; linkerd/proxy/http/src/version.rs and linkerd/io/src/peek.rs @release/v2.124.2.
 *   v2.125  (v2.125.0-v2.126.x) and v2.127 (v2.127.0-v2.130.1): reads until the first newline (or
 *           until the bytes cannot be HTTP); linkerd/proxy/http/src/detect.rs @release/v2.127.0.
 *           They differ in the timeout (5 s, then 10 s), both failing the connection.
 *   v2.131  (v2.131.0 on): one read of up to 1024 bytes, 14-byte minimum and 14-byte preface
 *           prefix, timeout handled as opaque TCP; linkerd/proxy/http/src/detect.rs @release/v2.131.0,
 *           linkerd/detect/src/lib.rs @release/v2.131.0.
 *   v2.286  (v2.286.0 on): the same, but a read of nothing (the client closed) is an error;
 *           linkerd/http/detect/src/lib.rs @release/v2.286.0 (linkerd2-proxy #3721).
 */
import type { LinkerdVersion } from '../linkerd/version.js';
import { edgeNumbers, grammarFor, lastFrom } from './httparse-grammars.js';
import { compileGrammar, parseRequestHead, H1_ERROR, type CompiledGrammar, type Http1Outcome } from './http1-request.js';
import { hasH2Preface, H2_PREFACE } from './http2-preface.js';

/**
 * Linkerd's HTTP detection verdict. `timeout`: the proxy is still waiting when the client stops
 * sending (nothing sent, or the newline detector still undecided); `closed`: the client closed the
 * connection before the proxy could decide, and the proxy drops it (v2.286 on).
 */
export type HttpVerdict = 'http1' | 'h2' | 'not-http' | 'timeout' | 'closed';

/** The proxy detector generations, named by the first proxy release that had each. */
export const PROXY_DETECTORS = ['v2.100', 'v2.125', 'v2.127', 'v2.131', 'v2.286'] as const;
export type ProxyDetector = (typeof PROXY_DETECTORS)[number];

/** How a proxy generation reads and judges what the client sends first. */
export interface HttpDetectParams {
  readonly detector: ProxyDetector;
  /** `one-read`: the first read decides; `until-newline`: reads until a newline or a decision. */
  readonly reads: 'one-read' | 'until-newline';
  /** Capacity of the one read (bytes beyond it are never examined); 0 = the buffer grows (until-newline). */
  readonly readCapacity: number;
  /** Below this many bytes the read is not HTTP (0 = no minimum). */
  readonly minimum: number;
  /** How many bytes of the HTTP/2 preface are compared. */
  readonly prefaceBytes: number;
  /** Detection timeouts in seconds (inbound, outbound) and whether a timeout keeps the connection (as opaque TCP). */
  readonly inboundTimeoutS: number;
  readonly outboundTimeoutS: number;
  readonly timeoutFailsOpen: boolean;
  /** The client closed with nothing sent: what the detector answers. */
  readonly closedEmpty: 'http1' | 'not-http' | 'closed';
  readonly note: string;
}

const V2_100: HttpDetectParams = {
  detector: 'v2.100', reads: 'one-read', readCapacity: 8192, minimum: 0, prefaceBytes: 24,
  inboundTimeoutS: 1, outboundTimeoutS: 3, timeoutFailsOpen: false, closedEmpty: 'http1',
  note: 'linkerd/linkerd2-proxy linkerd/proxy/http/src/version.rs (DETECT_BUFFER_CAPACITY 8192, full H2_PREFACE, httparse on an empty prefix is Partial), linkerd/app/src/env.rs (dispatch timeouts 1 s / 3 s) @release/v2.124.2',
};
const V2_125: HttpDetectParams = {
  ...V2_100, detector: 'v2.125', reads: 'until-newline', readCapacity: 0, inboundTimeoutS: 5, outboundTimeoutS: 5, closedEmpty: 'not-http',
  note: 'linkerd/linkerd2-proxy linkerd/proxy/http/src/detect.rs, linkerd/proxy/transport/src/detect/timeout.rs, linkerd/app/src/env.rs (dispatch timeouts 5 s) @release/v2.125.0',
};
const V2_131: HttpDetectParams = {
  detector: 'v2.131', reads: 'one-read', readCapacity: 1024, minimum: 14, prefaceBytes: 14,
  inboundTimeoutS: 10, outboundTimeoutS: 10, timeoutFailsOpen: true, closedEmpty: 'not-http',
  note: 'linkerd/linkerd2-proxy linkerd/proxy/http/src/detect.rs and linkerd/detect/src/lib.rs @release/v2.131.0 (1024-byte buffer, 14-byte minimum and H2 prefix, timeout => unknown protocol); same through release/v2.285.0',
};

export const HTTP_DETECT_PARAMS: Readonly<Record<ProxyDetector, HttpDetectParams>> = {
  'v2.100': V2_100,
  'v2.125': V2_125,
  'v2.127': {
    ...V2_125, detector: 'v2.127', inboundTimeoutS: 10, outboundTimeoutS: 10,
    note: 'linkerd/linkerd2-proxy linkerd/proxy/http/src/detect.rs, linkerd/proxy/transport/src/detect/timeout.rs (DetectTimeoutError; linkerd/detect/src/timeout.rs from v2.128.0), linkerd/app/src/env.rs (DETECT_TIMEOUT 10 s) @release/v2.127.0 and @release/v2.130.1',
  },
  'v2.131': V2_131,
  'v2.286': {
    ...V2_131, detector: 'v2.286', closedEmpty: 'closed',
    note: 'linkerd/linkerd2-proxy linkerd/http/detect/src/lib.rs @release/v2.286.0 ("socket closed before protocol detection"), unchanged @release/v2.366.0',
  },
};

/**
 * Edge releases whose proxy detector differs from their family's stable (data from linkerd/linkerd2
 * `.proxy-version` at each edge tag): edge-20.12.4 shipped v2.125.0, edge-21.1.1..4 v2.127.0-v2.130.1,
 * edge-21.2.1..3 v2.131.0-v2.133.0 (still the 2.9 skip lists), edge-21.2.4 v2.135.0 (2.10);
 * edge-25.3.2 v2.286.0 (2.18).
 */
export const EDGE_DETECTORS: ReadonlyArray<{ readonly from: readonly [number, number, number]; readonly detector: ProxyDetector }> = [
  { from: [0, 0, 0], detector: 'v2.100' },
  { from: [20, 12, 4], detector: 'v2.125' },
  { from: [21, 1, 1], detector: 'v2.127' },
  { from: [21, 2, 1], detector: 'v2.131' },
  { from: [25, 3, 2], detector: 'v2.286' },
];

/** The detector generation of a Linkerd release: edges by their proxy, stables and `latest` by family. */
export function detectorFor(version: LinkerdVersion): ProxyDetector {
  const edge = edgeNumbers(version);
  if (edge) return lastFrom(EDGE_DETECTORS, edge, (r) => r.detector, 'v2.100');
  switch (version.family) {
    case '2.8':
    case '2.9.0':
    case '2.9.3':
      return 'v2.100';
    case '2.18':
      return 'v2.286';
    default:
      return 'v2.131';
  }
}

/** Everything the hot path needs for one Linkerd version, computed once per LinkerdVersion object. */
export interface HttpPlan {
  readonly params: HttpDetectParams;
  readonly grammar: CompiledGrammar;
}

const plans = new WeakMap<LinkerdVersion, HttpPlan>();

export function httpPlan(version: LinkerdVersion): HttpPlan {
  let plan = plans.get(version);
  if (plan === undefined) {
    plan = { params: HTTP_DETECT_PARAMS[detectorFor(version)], grammar: compileGrammar(grammarFor(version)) };
    plans.set(version, plan);
  }
  return plan;
}

/** Verdict codes for the allocation-free core (index into HTTP_VERDICTS). */
export const HTTP_TIMEOUT = 0;
export const HTTP_NOT_HTTP = 1;
export const HTTP_H1 = 2;
export const HTTP_H2 = 3;
export const HTTP_CLOSED = 4;
export const HTTP_VERDICTS: readonly HttpVerdict[] = ['timeout', 'not-http', 'http1', 'h2', 'closed'];

const CLOSED_EMPTY_CODE = { http1: HTTP_H1, 'not-http': HTTP_NOT_HTTP, closed: HTTP_CLOSED } as const;

/** One-read generations: the verdict on the first read (empty = nothing sent, the client waits). */
function firstReadCode(bytes: Uint8Array, plan: HttpPlan): number {
  const len = bytes.length;
  if (len === 0) return HTTP_TIMEOUT;
  const p = plan.params;
  const n = len < p.readCapacity ? len : p.readCapacity;
  if (hasH2Preface(bytes, n, p.prefaceBytes)) return HTTP_H2;
  if (n < p.minimum) return HTTP_NOT_HTTP;
  return parseRequestHead(bytes, n, plan.grammar) === H1_ERROR ? HTTP_NOT_HTTP : HTTP_H1;
}

/** The verdict on a first read the client then waits after (the common case, and the bench's). */
export function detectHttpCode(bytes: Uint8Array, plan: HttpPlan): number {
  if (plan.params.reads === 'one-read' || bytes.length === 0) return firstReadCode(bytes, plan);
  return untilNewline([bytes], false, plan).code;
}

/** What the detector made of a sequence of reads. */
export interface ReadsOutcome {
  readonly code: number;
  /** How many of the reads the detector consumed before deciding (all of them when undecided). */
  readonly used: number;
  /** The detector would read again: it needs more bytes to decide. */
  readonly needsMore: boolean;
  /** Bytes the HTTP/1 check ran on (null when it did not run). */
  readonly http1: Http1Outcome | null;
  readonly examined: number;
}

/**
 * linkerd/proxy/http/src/detect.rs @release/v2.127.0 `DetectHttp::detect`, as data flow: append each
 * read; while the bytes are a prefix of the 24-byte preface keep the HTTP/2 hope; once a newline has
 * arrived since the last scan (the scan restarts at the previous read's last byte) and HTTP/2 is out,
 * run httparse on everything read; stop when both hopes are gone. A read of nothing (the client
 * closed) ends it as not HTTP.
 */
function untilNewline(reads: readonly Uint8Array[], closed: boolean, plan: HttpPlan): ReadsOutcome {
  let total = 0;
  for (const r of reads) total += r.length;
  const buf = new Uint8Array(total);
  let len = 0;
  let scan = 0;
  let maybeH1 = true;
  let maybeH2 = true;
  let http1: Http1Outcome | null = null;
  for (let i = 0; i < reads.length; i++) {
    const r = reads[i] as Uint8Array;
    if (r.length === 0) return { code: HTTP_NOT_HTTP, used: i + 1, needsMore: false, http1, examined: len };
    buf.set(r, len);
    len += r.length;
    if (maybeH2) {
      if (len < H2_PREFACE.length) maybeH2 = hasH2Preface(buf, len, len);
      else if (hasH2Preface(buf, len, H2_PREFACE.length)) return { code: HTTP_H2, used: i + 1, needsMore: false, http1, examined: len };
      else maybeH2 = false;
    }
    if (maybeH1) {
      if (buf.subarray(scan, len).includes(0x0a)) {
        if (!maybeH2) {
          http1 = parseRequestHead(buf, len, plan.grammar);
          if (http1 !== H1_ERROR) return { code: HTTP_H1, used: i + 1, needsMore: false, http1, examined: len };
        }
        maybeH1 = false;
      }
      scan = len - 1;
    }
    if (!maybeH1 && !maybeH2) return { code: HTTP_NOT_HTTP, used: i + 1, needsMore: false, http1, examined: len };
  }
  if (closed) return { code: HTTP_NOT_HTTP, used: reads.length, needsMore: false, http1, examined: len };
  return { code: HTTP_TIMEOUT, used: reads.length, needsMore: true, http1, examined: len };
}

/**
 * The verdict on what the client sends first as the reads the proxy would see (`reads`, none empty),
 * and whether the client then closes (`closed`) or waits for the server.
 */
export function detectReads(reads: readonly Uint8Array[], closed: boolean, plan: HttpPlan): ReadsOutcome {
  const p = plan.params;
  if (reads.length === 0) {
    const code = closed ? CLOSED_EMPTY_CODE[p.closedEmpty] : HTTP_TIMEOUT;
    return { code, used: 0, needsMore: false, http1: null, examined: 0 };
  }
  if (p.reads === 'until-newline') return untilNewline(reads, closed, plan);
  const first = reads[0] as Uint8Array;
  const n = first.length < p.readCapacity ? first.length : p.readCapacity;
  const code = firstReadCode(first, plan);
  const ranHttp1 = !(hasH2Preface(first, n, p.prefaceBytes) || n < p.minimum);
  return { code, used: 1, needsMore: false, http1: ranHttp1 ? parseRequestHead(first, n, plan.grammar) : null, examined: n };
}

/** The HTTP verdict on a first read after which the client waits for the server. */
export function detectHttp(bytes: Uint8Array, version: LinkerdVersion): HttpVerdict {
  return HTTP_VERDICTS[detectHttpCode(bytes, httpPlan(version))] as HttpVerdict;
}
