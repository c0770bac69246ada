/**
 * Linkerd's HTTP detection on the first read (linkerd-spec 2.1, 2.1.2), per release family.
 * Pure and allocation-free: bytes in, verdict out.
 */
import type { LinkerdVersion, Family } from '../linkerd/version.js';
import { grammarFor } from './httparse-grammars.js';
import { compileGrammar, parseRequestHead, H1_ERROR, type CompiledGrammar, type Http1Outcome } from './http1-request.js';
import { hasH2Preface } from './http2-preface.js';

/** Linkerd's HTTP detection on the first read (linkerd-spec 2.1). `timeout` = an empty first read. */
export type HttpVerdict = 'http1' | 'h2' | 'not-http' | 'timeout';

/** How a release family reads and judges the first read. */
export interface HttpDetectParams {
  /** Capacity of the one read; bytes beyond it are never examined. */
  readonly readCapacity: number;
  /** Below this many bytes the read is not HTTP (0 = no minimum). */
  readonly minimum: number;
  /** How many bytes of the HTTP/2 preface are compared. */
  readonly prefaceBytes: number;
  readonly note: string;
}

const PRE_210: HttpDetectParams = {
  readCapacity: 8192, minimum: 0, prefaceBytes: 24,
  note: 'linkerd/linkerd2-proxy:linkerd/proxy/http/src/version.rs (DETECT_BUFFER_CAPACITY 8192, full H2_PREFACE) @release/v2.118.0, v2.124.2',
};
const FROM_210: HttpDetectParams = {
  readCapacity: 1024, minimum: 14, prefaceBytes: 14,
  note: 'linkerd/linkerd2-proxy:linkerd/proxy/http/src/detect.rs @release/v2.138.0; linkerd/http/detect/src/lib.rs @release/v2.366.0 (1024-byte buffer, 14-byte H2 prefix and minimum)',
};

export const HTTP_DETECT_PARAMS: Readonly<Record<Family, HttpDetectParams>> = {
  '2.8': PRE_210, '2.9.0': PRE_210, '2.9.3': PRE_210,
  '2.10': FROM_210, '2.11': FROM_210, '2.13': FROM_210, '2.18': FROM_210,
};

/** Everything the hot path needs for one Linkerd version, computed once per LinkerdVersion object. */
export interface HttpPlan {
  readonly params: HttpDetectParams;
  readonly grammar: CompiledGrammar;
}

const plans = new WeakMap<LinkerdVersion, HttpPlan>();

export function httpPlan(version: LinkerdVersion): HttpPlan {
  let plan = plans.get(version);
  if (plan === undefined) {
    plan = { params: HTTP_DETECT_PARAMS[version.family], grammar: compileGrammar(grammarFor(version)) };
    plans.set(version, plan);
  }
  return plan;
}

/** Verdict codes for the allocation-free core (index into HTTP_VERDICTS). */
export const HTTP_TIMEOUT = 0;
export const HTTP_NOT_HTTP = 1;
export const HTTP_H1 = 2;
export const HTTP_H2 = 3;
export const HTTP_VERDICTS: readonly HttpVerdict[] = ['timeout', 'not-http', 'http1', 'h2'];

export function detectHttpCode(bytes: Uint8Array, plan: HttpPlan): number {
  const len = bytes.length;
  if (len === 0) return HTTP_TIMEOUT;
  const p = plan.params;
  const n = len < p.readCapacity ? len : p.readCapacity;
  if (hasH2Preface(bytes, n, p.prefaceBytes)) return HTTP_H2;
  if (n < p.minimum) return HTTP_NOT_HTTP;
  return parseRequestHead(bytes, n, plan.grammar) === H1_ERROR ? HTTP_NOT_HTTP : HTTP_H1;
}

/** For explanations: how many bytes the HTTP check looks at and what the HTTP/1 parser said (null when it did not run). */
export function explainHttp(bytes: Uint8Array, plan: HttpPlan): { readonly examined: number; readonly http1: Http1Outcome | null } {
  const len = bytes.length;
  const p = plan.params;
  const n = len < p.readCapacity ? len : p.readCapacity;
  if (len === 0 || hasH2Preface(bytes, n, p.prefaceBytes) || n < p.minimum) return { examined: n, http1: null };
  return { examined: n, http1: parseRequestHead(bytes, n, plan.grammar) };
}

export function detectHttp(bytes: Uint8Array, version: LinkerdVersion): HttpVerdict {
  return HTTP_VERDICTS[detectHttpCode(bytes, httpPlan(version))] as HttpVerdict;
}
