/**
 * Install defaults per version family (docs/linkerd-model.md): default opaque ports, proxy-init and
 * linkerd-cni skip lists; detection timeouts and what happens when they expire come from the proxy
 * release's detector (docs/detection.md).
 */
import type { LinkerdVersion } from './version.js';
import { HTTP_DETECT_PARAMS, detectorFor } from '../detect/http-detect.js';

export interface Defaults {
  /** Helm `proxy.opaquePorts` ('' where the family has no opaque-ports concept). */
  readonly opaquePorts: string;
  /** `proxyInit.ignoreInboundPorts` (or linkerd-cni `ignoreInboundPorts` in CNI mode). */
  readonly skipInboundPorts: string;
  /** `proxyInit.ignoreOutboundPorts` (or linkerd-cni `ignoreOutboundPorts`). */
  readonly skipOutboundPorts: string;
  /** Whether `config.linkerd.io/opaque-ports` exists (2.10+). */
  readonly opaqueSupported: boolean;
  /** Ports on which the proxy itself never detects (2.8 and earlier: 25, 587, 3306). */
  readonly builtinNoDetectPorts: string;
  /** Always skipped inbound by proxy-init: the proxy's own control and admin ports. */
  readonly alwaysSkipInbound: string;
  /** Outbound / inbound detection timeouts in seconds, and whether expiry fails the connection. */
  readonly outboundDetectSeconds: number;
  readonly inboundDetectSeconds: number;
  readonly timeoutFails: boolean;
  readonly note: string;
  readonly source: string;
}

const OPAQUE_211 = '25,587,3306,4444,5432,6379,9300,11211';

interface FamilyDefaults {
  readonly opaquePorts: string;
  readonly skip: string;
  readonly opaqueSupported: boolean;
  readonly builtinNoDetectPorts: string;
  readonly outboundDetectSeconds: number;
  readonly inboundDetectSeconds: number;
  readonly timeoutFails: boolean;
  readonly note: string;
  readonly source: string;
}

const TABLE = {
  '2.8': {
    opaquePorts: '',
    skip: '',
    opaqueSupported: false,
    builtinNoDetectPorts: '25,587,3306',
    outboundDetectSeconds: 3,
    inboundDetectSeconds: 1,
    timeoutFails: true,
    note: 'no opaque-ports concept; the proxy disabled detection on 25, 587 and 3306 in both directions',
    source: 'linkerd/linkerd2-proxy:linkerd/app/src/env.rs@release/v2.100.0; linkerd/linkerd2:charts/linkerd2/values.yaml@stable-2.8.0',
  },
  '2.9.0': {
    opaquePorts: '',
    skip: '25,443,587,3306,11211',
    opaqueSupported: false,
    builtinNoDetectPorts: '',
    outboundDetectSeconds: 3,
    inboundDetectSeconds: 1,
    timeoutFails: true,
    note: 'server-first ports are skipped by proxy-init by default; detection that times out (1 s inbound, 3 s outbound) fails the connection',
    source: 'linkerd/linkerd2:charts/linkerd2/values.yaml@stable-2.9.0; linkerd/linkerd2-proxy:linkerd/app/src/env.rs@release/v2.118.0',
  },
  '2.9.3': {
    opaquePorts: '',
    skip: '25,443,587,3306,11211,5432',
    opaqueSupported: false,
    builtinNoDetectPorts: '',
    outboundDetectSeconds: 3,
    inboundDetectSeconds: 1,
    timeoutFails: true,
    note: 'as 2.9.0, with 5432 added to the skip lists',
    source: 'linkerd/linkerd2:charts/linkerd2/values.yaml@stable-2.9.3',
  },
  '2.10': {
    opaquePorts: '25,443,587,3306,5432,11211',
    skip: '',
    opaqueSupported: true,
    builtinNoDetectPorts: '',
    outboundDetectSeconds: 10,
    inboundDetectSeconds: 10,
    timeoutFails: false,
    note: 'opaque ports introduced; 10 s fail-open HTTP detection; skip lists empty by default',
    source: 'linkerd/linkerd2:charts/linkerd2/values.yaml@stable-2.10.0',
  },
  '2.11': {
    opaquePorts: OPAQUE_211,
    skip: '4567,4568',
    opaqueSupported: true,
    builtinNoDetectPorts: '',
    outboundDetectSeconds: 10,
    inboundDetectSeconds: 10,
    timeoutFails: false,
    note: 'Galera replication ports 4567/4568 skipped by proxy-init; 443 no longer opaque',
    source: 'linkerd/linkerd2:charts/linkerd2/values.yaml@stable-2.11.0',
  },
  '2.13': {
    opaquePorts: OPAQUE_211,
    skip: '4567,4568',
    opaqueSupported: true,
    builtinNoDetectPorts: '',
    outboundDetectSeconds: 10,
    inboundDetectSeconds: 10,
    timeoutFails: false,
    note: 'same lists as 2.11; outbound policy from the policy controller',
    source: 'linkerd/linkerd2:charts/linkerd-control-plane/values.yaml@stable-2.13.0',
  },
  '2.18': {
    opaquePorts: OPAQUE_211,
    skip: '4567,4568',
    opaqueSupported: true,
    builtinNoDetectPorts: '',
    outboundDetectSeconds: 10,
    inboundDetectSeconds: 10,
    timeoutFails: false,
    note: 'same lists as 2.11; Service appProtocol honoured; transport header for all meshed traffic',
    source: 'linkerd/linkerd2:charts/linkerd-control-plane/values.yaml@edge-26.8.3',
  },
} as const satisfies Record<LinkerdVersion['family'], FamilyDefaults>;

/**
 * Install defaults of a version. In CNI mode the skip lists come from the linkerd-cni chart, whose
 * ignoreInboundPorts/ignoreOutboundPorts default to "" (charts/linkerd2-cni/values.yaml).
 */
export function defaultsFor(version: LinkerdVersion, options: { cni?: boolean } = {}): Defaults {
  const f: FamilyDefaults = TABLE[version.family];
  // Timeouts follow the proxy the release shipped, not the family: edge-20.12.4 to edge-21.2.3 carry
  // the 2.9 skip lists with newer detectors (src/detect/http-detect.ts, docs/detection.md).
  const p = HTTP_DETECT_PARAMS[detectorFor(version)];
  const skip = options.cni ? '' : f.skip;
  return {
    opaquePorts: f.opaquePorts,
    skipInboundPorts: skip,
    skipOutboundPorts: skip,
    opaqueSupported: f.opaqueSupported,
    builtinNoDetectPorts: f.builtinNoDetectPorts,
    alwaysSkipInbound: '4190,4191',
    outboundDetectSeconds: p.outboundTimeoutS,
    inboundDetectSeconds: p.inboundTimeoutS,
    timeoutFails: !p.timeoutFailsOpen,
    note: options.cni ? `${f.note}; linkerd-cni skips no ports by default` : f.note,
    source: options.cni ? `${f.source}; linkerd/linkerd2:charts/linkerd2-cni/values.yaml` : f.source,
  };
}
