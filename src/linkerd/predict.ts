/**
 * The outcome of one connection (docs/linkerd-model.md): the path on each side, the
 * transport between them, and what the user experiences, per version family. Pure.
 */
import { getProtocol } from '../protocols/index.js';
import { has } from './version.js';
import { defaultsFor } from './defaults.js';
import { parsePortList, readingIncludes } from './port-list.js';
import { clientSkipView, podPortView, servicePortView } from './effective.js';
import { skipRequired } from './skip-required.js';
import type { Action, Experience, Prediction, Scenario, SidePath, Transport } from './model.js';

const HTTP_PROTOCOLS: ReadonlySet<string> = new Set(['http', 'http2']);
const DECLARED_HTTP: ReadonlySet<SidePath> = new Set(['http1', 'http2', 'grpc']);

/**
 * Does the protocol's client wait for the server's greeting? Scenario override, else the knowledge base;
 * null when unknown. On the protocol's implicit-TLS ports (465, 993, 995, ...) the client opens with a
 * TLS ClientHello, so it does not wait.
 */
export function clientWaits(s: Pick<Scenario, 'protocol' | 'clientWaitsForGreeting'> & { readonly port?: number }): boolean | null {
  if (s.clientWaitsForGreeting !== undefined) return s.clientWaitsForGreeting;
  if (s.protocol === null) return null;
  const entry = getProtocol(s.protocol);
  if (!entry) return null;
  if (s.port !== undefined && entry.tlsPorts.includes(s.port) && !entry.ports.includes(s.port)) return false;
  return entry.clientWaitsForGreeting;
}

const DELAY: Readonly<Record<Experience, number>> = {
  works: 0,
  'stall-10s': 10,
  'stall-20s': 20,
  'closed-10s': 10,
  'failed-1s': 1,
  'failed-3s': 3,
  broken: 0,
};

/** The client proxy's path for an external destination (2.5 step 1: profile networks, EgressNetwork, egress fallback). */
function externalClientPath(s: Scenario, why: string[]): SidePath {
  const d = defaultsFor(s.version, { cni: s.config.cni ?? false });
  const installOpaque = s.config.installOpaquePorts ?? d.opaquePorts;
  if (!d.opaqueSupported) {
    const builtin = d.builtinNoDetectPorts !== '' && readingIncludes(parsePortList(d.builtinNoDetectPorts).readings['destination-pod'], s.port);
    return builtin ? 'opaque' : 'detect';
  }
  const inDefault = readingIncludes(parsePortList(installOpaque).readings['destination-pod'], s.port);
  if (s.inClusterNetworks) {
    why.push(`the destination is inside clusterNetworks: the default opaque list applies (${inDefault ? 'port is in it' : 'port is not in it'})`);
    return inDefault ? 'opaque' : 'detect';
  }
  const en = s.config.egressNetworkOpaquePorts;
  if (has(s.version, 'egressNetwork') && en !== undefined) {
    const opaque = en === null ? inDefault : readingIncludes(parsePortList(en).readings['policy-controller'], s.port);
    why.push(`an EgressNetwork matches the destination; its opaque-ports ${en === null ? 'is not set, so the default list applies' : `"${en}"`} ${opaque ? 'includes' : 'does not include'} port ${s.port}`);
    return opaque ? 'opaque' : 'detect';
  }
  why.push('the destination is outside clusterNetworks and no EgressNetwork matches it: the client proxy detects (default opaque ports do not apply; linkerd/linkerd2#13475)');
  return 'detect';
}

/** Predicts what happens to a connection in this scenario. */
export function predict(s: Scenario): Prediction {
  const why: string[] = [];
  const v = s.version;
  const d = defaultsFor(v, { cni: s.config.cni ?? false });
  const waits = clientWaits(s);
  const w = waits === true;
  if (waits === null) why.push(s.protocol === null ? 'protocol unknown: assumed to send first' : `protocol ${s.protocol} is not in the knowledge base: assumed to send first`);
  const isHttp = s.protocol !== null && HTTP_PROTOCOLS.has(s.protocol);
  const nonHttp = w || (s.protocol !== null && !isHttp && s.protocol !== 'unknown');
  const external = s.server === 'external' || s.via === 'external';
  const servicePort = s.servicePort ?? s.port;

  // --- client side (2.5) ---
  let client: SidePath = 'not-meshed';
  if (s.client === 'meshed') {
    const skip = clientSkipView(v, s.port, s.config);
    if (skip.skipped) {
      client = 'skip';
      why.push(`client: port ${s.port} is in skip-outbound-ports "${skip.list.value ?? ''}" (${skip.list.source}): the client proxy never sees the connection`);
    } else if (external) client = externalClientPath(s, why);
    else if (s.via === 'service') {
      const sv = servicePortView(v, servicePort, s.config);
      client = sv.client;
      why.push(...sv.notes);
      why.push(`client: Service port ${servicePort} is ${client === 'detect' ? 'not opaque (detection)' : client}${sv.opaque.value !== null ? ` (opaque-ports "${sv.opaque.value}", ${sv.opaque.source})` : ' (no opaque-ports annotation: default list)'}`);
    } else {
      const pv = podPortView(v, s.port, s.config);
      client = pv.clientOpaque ? 'opaque' : 'detect';
      why.push(`client: pod port ${s.port} is ${pv.clientOpaque ? 'opaque' : 'not opaque'} for clients resolving the pod IP`);
    }
  }

  // --- server side (2.4) and transport ---
  let server: SidePath = 'not-meshed';
  let transport: Transport = 'none';
  let serverDetectsPlain = false; // plaintext reaches a detecting server proxy (TLS detection first)
  let serverDetectsAfterMtls = false;
  let brokenSkipMtls = false;
  const clientProxies = client !== 'not-meshed' && client !== 'skip';
  if (!external && s.server === 'meshed') {
    const pv = podPortView(v, s.port, s.config);
    why.push(...pv.notes);
    if (pv.skipped) {
      server = 'skip';
      why.push(`server: port ${s.port} is skipped inbound (${pv.skipInbound.value ?? ''}; 4190,4191 always): no server proxy`);
      if (clientProxies) {
        if (v.family === '2.10') {
          brokenSkipMtls = true;
          why.push('Linkerd 2.10 client proxies still start mTLS to a skip-inbound port, which the app cannot speak (linkerd/linkerd2#5995)');
        }
        transport = 'plain';
      }
    } else {
      const header = has(v, 'transportHeaderAlways') ? (s.config.outboundTransportMode ?? 'transport-header') === 'transport-header' : has(v, 'opaquePorts') && pv.clientOpaque;
      if (clientProxies) {
        if (header) {
          transport = 'mtls-4143';
          server = DECLARED_HTTP.has(client) || (client === 'detect' && isHttp) ? (client === 'detect' ? (s.protocol === 'http2' ? 'http2' : 'http1') : client) : 'opaque';
          why.push('server: the client proxy connects to port 4143 with a transport header, the server proxy forwards without detection');
        } else {
          transport = 'mtls';
          server = pv.inbound;
          serverDetectsAfterMtls = server === 'detect';
          why.push(`server: mTLS terminated on port ${s.port}, inbound policy ${server}`);
        }
      } else {
        transport = 'plain';
        server = pv.inbound;
        serverDetectsPlain = server === 'detect' || server === 'tls';
        why.push(`server: plaintext from ${client === 'skip' ? 'a client that skips its proxy' : 'an unmeshed client'}, inbound policy ${server}`);
      }
    }
  } else if (clientProxies) transport = 'plain';

  // --- experience (2.7) ---
  let experience: Experience = 'works';
  const legacy = d.timeoutFails;
  const declaredBroken = (DECLARED_HTTP.has(client) || (DECLARED_HTTP.has(server) && transport !== 'mtls-4143')) && nonHttp;
  if (declaredBroken) {
    experience = 'broken';
    why.push(`the port is declared ${DECLARED_HTTP.has(client) ? client : server} but speaks ${s.protocol ?? 'a non-HTTP protocol'}: the proxy waits for an HTTP request and never forwards the connection`);
  } else if (brokenSkipMtls) experience = 'broken';
  else if (w) {
    const clientStall = client === 'detect';
    if (clientStall && legacy) {
      experience = 'failed-3s';
      why.push(`the client proxy's detection times out after ${d.outboundDetectSeconds} s and fails the connection (proxies before v2.131.0: Linkerd 2.9 and edges to edge-21.1.4)`);
    } else if (client === 'tls') {
      experience = 'closed-10s';
      why.push('the client proxy waits 10 s for a TLS ClientHello (TLS declared), then errors');
    } else if (serverDetectsPlain) {
      experience = legacy ? 'failed-1s' : 'closed-10s';
      why.push(legacy ? `the server proxy detection times out after ${d.inboundDetectSeconds} s and fails the connection` : 'the server proxy waits for a TLS ClientHello that never comes and closes the connection after 10 s (fail-closed)');
    } else if (clientStall && serverDetectsAfterMtls) {
      experience = 'stall-20s';
      why.push('~10 s client-side detection, then ~10 s server-side HTTP detection after mTLS, then the connection works as opaque TCP');
    } else if (clientStall || serverDetectsAfterMtls) {
      experience = 'stall-10s';
      why.push(clientStall ? 'the client proxy waits 10 s for the client to speak (it waits for the server), then forwards as opaque' : 'the server proxy waits 10 s for HTTP after mTLS, then forwards as opaque');
    }
  }
  if (experience === 'works') why.push(w ? 'no proxy waits for client bytes on this path' : 'the client speaks first, so detection decides at once');

  // --- action ---
  const sr = skipRequired(s.port);
  const needsSkip = sr !== undefined && s.server === 'meshed' && !external && server !== 'skip';
  let action: Action = 'none';
  if (needsSkip) {
    action = 'skip-inbound';
    why.push(`${sr.name} (${s.port}) must bypass the proxy: ${sr.note}`);
  } else if (experience !== 'works') {
    if (declaredBroken) action = 'declare-protocol';
    else if (brokenSkipMtls) action = 'opaque';
    else if (!d.opaqueSupported) action = client === 'detect' ? 'skip-outbound' : 'skip-inbound';
    else if (external) action = has(s.version, 'egressNetwork') && s.config.egressNetworkOpaquePorts !== undefined && !s.inClusterNetworks ? 'opaque' : 'skip-outbound';
    else action = 'opaque';
  }
  const covered = action === 'none';
  return { client, server, experience, delaySeconds: DELAY[experience], covered, action, explanation: why, transport, clientWaitsForGreeting: waits };
}
