/**
 * Every `config.linkerd.io/*` key Linkerd reads (data). Source: linkerd/linkerd2:pkg/k8s/labels.go
 * @edge-26.8.3 (the `ProxyConfigAnnotationsPrefix + "/..."` constants), plus the namespace *label*
 * `config.linkerd.io/admission-webhooks` (charts/linkerd-control-plane webhook selectors).
 */
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
].map((k) => `config.linkerd.io/${k}`);

/** Keys that exist only in documentation or blog posts, with what to use instead (linkerd-spec 2.3). */
export const PHANTOM_KEYS: Readonly<Record<string, string>> = {
  'config.linkerd.io/protocol-detect-timeout':
    'there is no detect-timeout annotation (only a 2026 blog repost shows one); mark the port opaque with config.linkerd.io/opaque-ports, or use config.linkerd.io/proxy-disable-outbound-protocol-detect-timeout (2.14.4+)',
  'config.linkerd.io/proxy-protocol-detect-timeout': 'there is no detect-timeout annotation; mark the port opaque with config.linkerd.io/opaque-ports',
};

/** Keys the Service, EgressNetwork and Namespace objects are read for (everything else there is ignored). */
export const SERVICE_KEYS: ReadonlySet<string> = new Set(['config.linkerd.io/opaque-ports']);

export function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

export function closestKnownKey(key: string): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of KNOWN_CONFIG_KEYS) {
    const d = levenshtein(key, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= 4 ? best : undefined;
}
