/**
 * Every Linkerd annotation (and label) key protocheck reads or writes, in one place (data). The
 * `config.linkerd.io/*` keys are the `ProxyConfigAnnotationsPrefix + "/..."` constants of
 * linkerd/linkerd2 pkg/k8s/labels.go@edge-26.8.3; what each component does with them is in
 * docs/linkerd-model.md ("Annotations"). Pure.
 */

export const CONFIG_PREFIX = 'config.linkerd.io/';

/** The keys the Linkerd model and the lint rules name, by meaning. */
export const ANNOTATIONS = {
  inject: 'linkerd.io/inject',
  opaquePorts: 'config.linkerd.io/opaque-ports',
  skipInboundPorts: 'config.linkerd.io/skip-inbound-ports',
  skipOutboundPorts: 'config.linkerd.io/skip-outbound-ports',
  skipSubnets: 'config.linkerd.io/skip-subnets',
  disableOutboundDetectTimeout: 'config.linkerd.io/proxy-disable-outbound-protocol-detect-timeout',
  disableInboundDetectTimeout: 'config.linkerd.io/proxy-disable-inbound-protocol-detect-timeout',
} as const;

/** The namespace *label* that turns the admission webhooks off (charts/linkerd-control-plane webhook selectors). */
export const ADMISSION_WEBHOOKS_LABEL = 'config.linkerd.io/admission-webhooks';

/** The annotations whose value is a port list (docs/linkerd-model.md "Port lists"). */
export const PORT_LIST_KEYS: ReadonlySet<string> = new Set([ANNOTATIONS.opaquePorts, ANNOTATIONS.skipInboundPorts, ANNOTATIONS.skipOutboundPorts]);

/** Values `linkerd.io/inject` accepts (pkg/inject/inject.go@edge-26.8.3: anything else is "invalid", not injected). */
export const INJECT_VALUES: readonly string[] = ['enabled', 'ingress', 'disabled'];

/** Every `config.linkerd.io/*` key Linkerd reads (pkg/k8s/labels.go@edge-26.8.3), plus the admission-webhooks label. */
export const KNOWN_CONFIG_KEYS: readonly string[] = [
  'access-log', 'admin-port', 'close-wait-timeout', 'control-port', 'debug-image', 'debug-image-pull-policy',
  'debug-image-version', 'default-inbound-policy', 'enable-debug-sidecar', 'enable-external-profiles', 'enable-gateway',
  'image-pull-policy', 'inbound-port', 'opaque-ports', 'outbound-port', 'pod-inbound-ports', 'proxy-additional-env',
  'proxy-admin-shutdown', 'proxy-await', 'proxy-cpu-limit', 'proxy-cpu-ratio-limit', 'proxy-cpu-request',
  'proxy-disable-inbound-protocol-detect-timeout', 'proxy-disable-outbound-protocol-detect-timeout',
  'proxy-enable-native-sidecar', 'proxy-ephemeral-storage-limit', 'proxy-ephemeral-storage-request', 'proxy-gid',
  'proxy-image', 'proxy-inbound-connect-timeout', 'proxy-inbound-discovery-cache-unused-timeout', 'proxy-log-format',
  'proxy-log-http-headers', 'proxy-log-level', 'proxy-memory-limit', 'proxy-memory-request',
  'proxy-metrics-hostname-labels', 'proxy-outbound-connect-timeout', 'proxy-outbound-discovery-cache-unused-timeout',
  'proxy-require-identity-inbound-ports', 'proxy-uid', 'proxy-version', 'shutdown-grace-period', 'skip-inbound-ports',
  'skip-outbound-ports', 'skip-subnets', 'admission-webhooks',
].map((k) => `${CONFIG_PREFIX}${k}`);

/** Labels Linkerd itself defines under config.linkerd.io/ (a label there is not misplaced). */
export const LABEL_KEYS: ReadonlySet<string> = new Set([ADMISSION_WEBHOOKS_LABEL]);

/** Keys that exist only in documentation or blog posts, with what to use instead (docs/linkerd-model.md "Annotations"). */
export const PHANTOM_KEYS: Readonly<Record<string, string>> = {
  'config.linkerd.io/protocol-detect-timeout':
    `there is no detect-timeout annotation (only a 2026 blog repost shows one); mark the port opaque with ${ANNOTATIONS.opaquePorts}, or use ${ANNOTATIONS.disableOutboundDetectTimeout} (2.14.4+)`,
  'config.linkerd.io/proxy-protocol-detect-timeout': `there is no detect-timeout annotation; mark the port opaque with ${ANNOTATIONS.opaquePorts}`,
};

/** Keys the Service, EgressNetwork and Namespace objects are read for (everything else there is ignored). */
export const SERVICE_KEYS: ReadonlySet<string> = new Set([ANNOTATIONS.opaquePorts]);

/** Annotations read with Go's strconv.ParseBool (pkg/inject/inject.go@edge-26.8.3). */
export const BOOL_KEYS: readonly string[] = [
  ANNOTATIONS.disableOutboundDetectTimeout, ANNOTATIONS.disableInboundDetectTimeout, 'config.linkerd.io/enable-external-profiles',
  'config.linkerd.io/enable-debug-sidecar', 'config.linkerd.io/proxy-enable-native-sidecar', 'config.linkerd.io/enable-gateway',
];

/** Annotations read with Go's time.ParseDuration (pkg/inject/inject.go@edge-26.8.3). */
export const DURATION_KEYS: readonly string[] = [
  'proxy-outbound-connect-timeout', 'proxy-inbound-connect-timeout', 'proxy-outbound-discovery-cache-unused-timeout',
  'proxy-inbound-discovery-cache-unused-timeout', 'shutdown-grace-period', 'close-wait-timeout',
].map((k) => `${CONFIG_PREFIX}${k}`);

/** The detect-timeout switches, which exist from 2.14.4 (feature `detectTimeoutAnnotations` in version.ts). */
export const DETECT_TIMEOUT_KEYS: readonly string[] = [ANNOTATIONS.disableOutboundDetectTimeout, ANNOTATIONS.disableInboundDetectTimeout];
