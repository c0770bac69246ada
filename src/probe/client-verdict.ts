/** What the Linkerd detector (src/detect) decides for bytes a client sends first. */
import { detect, sniOf } from '../detect/index.js';
import type { LinkerdVersion } from '../linkerd/version.js';
import type { ClientBytesVerdict } from './types.js';

/**
 * The knowledge base's probes send the same byte arrays to every port: their verdicts are computed
 * once per run and version (keyed by the array itself), not once per probe and target.
 */
const CACHE = new WeakMap<Uint8Array, Map<LinkerdVersion, ClientBytesVerdict>>();

export function clientVerdict(bytes: Uint8Array, version: LinkerdVersion): ClientBytesVerdict {
  let byVersion = CACHE.get(bytes);
  const hit = byVersion?.get(version);
  if (hit !== undefined) return hit;
  const r = detect(bytes, version);
  const v: ClientBytesVerdict = { http: r.http, tls: r.tls.state, sni: sniOf(r.tls), protocol: r.protocol, inbound: r.linkerd.inbound, outbound: r.linkerd.outbound };
  if (byVersion === undefined) {
    byVersion = new Map();
    CACHE.set(bytes, byVersion);
  }
  byVersion.set(version, v);
  return v;
}
