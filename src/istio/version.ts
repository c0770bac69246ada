/**
 * Istio releases and the per-release facts the model keys on (docs/istio.md "Releases"). Each fact
 * names the first release that has it, read from istio/istio at the release tags (file@tag in the
 * comments). Pure.
 */
import { UsageError } from '../errors.js';
import { escapeText } from '../term/escape.js';

/** The newest release this model was checked against (istio/istio tag 1.30.3; 1.31 was at rc). */
export const NEWEST_MINOR = 30;
export const DEFAULT_ISTIO_INPUT = 'latest';

export interface IstioVersion {
  /** What the user wrote (`latest` when defaulted). */
  readonly input: string;
  /** 1.MINOR.PATCH; `latest` is the newest modelled minor with patch 99 (every patch-level fact applies). */
  readonly minor: number;
  readonly patch: number;
  /** e.g. "Istio 1.22.0" or "Istio 1.30 (latest)". */
  readonly label: string;
  readonly channel: 'release' | 'latest';
}

/** Parses `latest`, `1.22`, `1.6.9`, `v1.24.0`, `istio-1.8`. `1.6` means 1.6.0. Throws UsageError otherwise. */
export function parseIstioVersion(input: string): IstioVersion {
  const text = input.trim().toLowerCase();
  if (text === 'latest' || text === 'newest') {
    return { input, minor: NEWEST_MINOR, patch: 99, label: `Istio 1.${NEWEST_MINOR} (latest)`, channel: 'latest' };
  }
  const m = /^(?:istio-|v)?1\.(\d{1,2})(?:\.(\d{1,3}))?$/.exec(text);
  if (!m) {
    throw new UsageError(`unknown Istio version "${escapeText(input)}"`, {
      hint: 'use latest or a release such as 1.22, 1.6.9 or 1.8.0',
    });
  }
  const minor = Number(m[1]);
  const patch = m[2] === undefined ? 0 : Number(m[2]);
  const newer = minor > NEWEST_MINOR + 1 ? ` (newer than the newest modelled release; modelled as 1.${NEWEST_MINOR})` : '';
  return { input, minor, patch, label: `Istio 1.${minor}.${patch}${newer}`, channel: 'release' };
}

/** True when `v` is 1.minor.patch or newer. */
export function atLeast(v: IstioVersion, minor: number, patch = 0): boolean {
  return v.minor > minor || (v.minor === minor && v.patch >= patch);
}

/** What a release does, as the model needs it. */
export interface IstioFeatures {
  /**
   * Outbound sniffing of ports whose protocol is unsupported (1.3+: pilot/pkg/features/pilot.go@1.3.0
   * PILOT_ENABLE_PROTOCOL_SNIFFING_FOR_OUTBOUND true). Before 1.3 such a port was plain TCP
   * (pilot/pkg/serviceregistry/kube/conversion.go@1.2.0 ConvertProtocol defaults to TCP).
   */
  readonly sniffOutbound: boolean;
  /** Inbound sniffing by default (pilot/pkg/features/pilot.go@1.5.0: PILOT_ENABLE_PROTOCOL_SNIFFING_FOR_INBOUND true; false in 1.3-1.4). */
  readonly sniffInbound: boolean;
  /** Service `appProtocol` read, replacing the name (pkg/config/kube/conversion.go@1.6.0). */
  readonly appProtocol: boolean;
  /** `kubernetes.io/h2c` appProtocol => HTTP2 (pkg/config/kube/conversion.go@1.19.0). */
  readonly k8sH2c: boolean;
  /** `kubernetes.io/ws` => HTTP, `kubernetes.io/wss` => HTTPS (pkg/config/kube/conversion.go@1.24.0). */
  readonly k8sWs: boolean;
  /** Service ports 25/53/3306/27017 with no protocol are TCP (pkg/config/kube/conversion.go@1.3.0 wellKnownPorts). */
  readonly wellKnownTcp: boolean;
  /**
   * The protocolDetectionTimeout an install gets, in ms; 0 = no timeout. 100 ms from 1.3.0
   * (pkg/config/mesh/mesh.go@1.3.0); 5 s in the installed mesh config from 1.6.9
   * (manifests/charts/global.yaml@1.6.9; mesh.go's own default moved at 1.6.5 but the charts kept
   * writing 100ms through 1.6.8) and in mesh.go@1.7.0; 0 from 1.8.0 (mesh.go@1.8.0, #28133).
   */
  readonly detectionTimeoutMs: number;
  /** Port-name words protocol.Parse knows in this release (lower case). */
  readonly protocolWords: ReadonlySet<string>;
  /** Envoy filters a declared protocol turns on with the default pilot environment. */
  readonly mongoFilterDefault: boolean;
  readonly mysqlFilterDefault: boolean;
  readonly redisFilterDefault: boolean;
}

const BASE_WORDS = ['tcp', 'udp', 'grpc', 'http', 'http2', 'https', 'tls', 'mongo', 'redis'];

export function featuresOf(v: IstioVersion): IstioFeatures {
  const minor = Math.min(v.minor, NEWEST_MINOR + 1);
  const words = new Set(BASE_WORDS);
  // pilot/pkg/model/service.go@1.1.0 ParseProtocol adds grpc-web and mysql (absent @1.0.0).
  if (minor >= 1) words.add('grpc-web').add('mysql');
  // pkg/config/protocol/instance.go@1.5.0 adds http_proxy; thrift @1.6.0 .. @1.13.0 (removed by #37287).
  if (minor >= 5) words.add('http_proxy');
  if (minor >= 6 && minor <= 13) words.add('thrift');
  let detectionTimeoutMs = 0;
  if (minor >= 3 && minor < 8) detectionTimeoutMs = atLeast(v, 6, 9) ? 5000 : 100;
  return {
    sniffOutbound: minor >= 3,
    sniffInbound: minor >= 5,
    appProtocol: minor >= 6,
    k8sH2c: minor >= 19,
    k8sWs: minor >= 24,
    wellKnownTcp: minor >= 3,
    detectionTimeoutMs,
    protocolWords: words,
    // pilot/pkg/networking/core/v1alpha3/networkfilter.go@1.1.0: mongo always, mysql for 1.1 proxies;
    // PILOT_ENABLE_MYSQL_FILTER / PILOT_ENABLE_REDIS_FILTER default false from 1.2 (pkg/features/pilot/pilot.go@1.2.0);
    // PILOT_ENABLE_MONGO_FILTER default true (pilot/pkg/features/xds.go@1.30.0).
    mongoFilterDefault: true,
    mysqlFilterDefault: minor === 1,
    redisFilterDefault: false,
  };
}
