/** The Istio model's public API (docs/istio.md): releases, protocol selection, inspectors, outcomes, annotations, fixes. */
export { parseIstioVersion, featuresOf, atLeast, NEWEST_MINOR, DEFAULT_ISTIO_INPUT, type IstioVersion, type IstioFeatures } from './version.js';
export {
  servicePortProtocol, serviceEntryPortProtocol, serviceEntryProtocolInvalid, parseProtocolWord, protocolClass, protocolFilter,
  FILTER_PROTOCOL, WELL_KNOWN_TCP_PORTS, type IstioProtocol, type ProtocolClass, type Resolution, type Reason, type ServicePortInput, type EnvoyFilter,
} from './protocol.js';
export { inspectHttp, inspectTls, HTTP_INSPECT_MAX, type HttpDecision, type HttpInspection, type HttpParserKind, type TlsDecision, type TlsInspection } from './inspectors.js';
export { sidecarClientOutcome, noSidecarClientOutcome, ztunnelOnlyOutcome, type MeshOutcome, type OutcomeResult, type MtlsMode } from './outcome.js';
export {
  parseIstioPortList, portListHas, ISTIO_PORT_ANNOTATIONS, ISTIO_TRAFFIC_PREFIX, EXCLUDE_INBOUND_PORTS, EXCLUDE_OUTBOUND_PORTS,
  INCLUDE_INBOUND_PORTS, INCLUDE_OUTBOUND_PORTS, INJECTOR_EXCLUDED_INBOUND, type IstioPortList,
} from './annotations.js';
export { suggestIstio, type IstioSuggestInput, type IstioSuggestion, type IstioSuggestResult, type IstioPortVerdict, type IstioPortRequest, type IstioTarget } from './suggest.js';
