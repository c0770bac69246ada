/**
 * The public API of the Linkerd-faithful detector. Pure: bytes in, verdict out (docs/detection.md).
 * Names and shapes are imported by probe, lint and capture.
 *   detectHttp       the HTTP verdict on a first read (http-detect.ts, http1-request.ts, http2-preface.ts, httparse-grammars.ts)
 *   tlsState, parseClientHello   the inbound ClientHello step (tls-client-hello.ts, cursor.ts, dns-name.ts)
 *   detect           both, over one read or a first write of several reads, with the knowledge base's
 *                    identification and the plain words (detect.ts, words.ts)
 */
export type { HttpVerdict, HttpDetectParams, ProxyDetector } from './http-detect.js';
export { detectHttp, detectorFor, HTTP_DETECT_PARAMS, HTTP_VERDICTS, PROXY_DETECTORS, EDGE_DETECTORS } from './http-detect.js';
export type { TlsState, ClientHelloInfo, HelloDetails } from './tls-client-hello.js';
export { parseClientHello, tlsState, isStuckIncomplete, sniOf, TLS_STATES } from './tls-client-hello.js';
export type { DetectResult, FirstWrite, Http1Detail } from './detect.js';
export { detect } from './detect.js';
export type { HttparseGrammar, HttparseVersion } from './httparse-grammars.js';
export { httparseFor, grammarFor, HTTPARSE_GRAMMARS, STABLE_HTTPARSE, EDGE_HTTPARSE } from './httparse-grammars.js';
export { INBOUND_WORDS, OUTBOUND_WORDS } from './words.js';
export type { InboundKey, OutboundKey } from './words.js';
export { detectJson, DETECT_JSON_SCHEMA } from './json.js';
