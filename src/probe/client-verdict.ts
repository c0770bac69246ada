/** What the Linkerd detector (src/detect) decides for bytes a client sends first. */
import { detect, sniOf } from '../detect/index.js';
import type { LinkerdVersion } from '../linkerd/version.js';
import type { ClientBytesVerdict } from './types.js';

export function clientVerdict(bytes: Uint8Array, version: LinkerdVersion): ClientBytesVerdict {
  const r = detect(bytes, version);
  return { http: r.http, tls: r.tls.state, sni: sniOf(r.tls), protocol: r.protocol, inbound: r.linkerd.inbound, outbound: r.linkerd.outbound };
}
