/**
 * The public API of the Linkerd-faithful detector. Pure: bytes in, verdict out.
 * Names and shapes are imported by probe, lint and capture (see docs/detection.md).
 *   detectHttp       linkerd-spec 2.1 (http-detect.ts, http1-request.ts, http2-preface.ts, httparse-grammars.ts)
 *   parseClientHello linkerd-spec 2.2 (tls-client-hello.ts, cursor.ts, dns-name.ts)
 *   detect           both, the knowledge base's identification and the plain words (detect.ts, words.ts)
 */
export type { HttpVerdict, HttpDetectParams, HttpPlan } from './http-detect.js';
export { detectHttp, httpPlan, detectHttpCode, HTTP_DETECT_PARAMS, HTTP_VERDICTS } from './http-detect.js';
export type { TlsState, ClientHelloInfo } from './tls-client-hello.js';
export { parseClientHello, tlsState, tlsStateCode, isStuckIncomplete, TLS_STATES } from './tls-client-hello.js';
export type { DetectResult, Http1Detail } from './detect.js';
export { detect, classifyCode } from './detect.js';
export type { HttparseGrammar, HttparseVersion } from './httparse-grammars.js';
export { httparseFor, grammarFor, HTTPARSE_GRAMMARS, STABLE_HTTPARSE, EDGE_HTTPARSE } from './httparse-grammars.js';
export { INBOUND_WORDS, OUTBOUND_WORDS } from './words.js';
export type { InboundKey, OutboundKey } from './words.js';
export { detectJson, DETECT_JSON_SCHEMA } from './json.js';
