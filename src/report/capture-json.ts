/**
 * JSON report of `protocheck capture` (schema: docs/commands/capture.md). Pure; never colored.
 * `flows`, `ports` and `skipped` follow the schema; the other fields are additions.
 */
import type { CaptureAnalysis } from '../capture/analyze.js';
import { suggestionJson } from './suggestion-json.js';
import { endpointText, type FlowVerdict } from '../capture/flow-verdict.js';
import type { StartlessFlow } from '../capture/flow-table.js';
import type { PortSummary } from '../capture/port-summary.js';
import type { ReadEnd, SkippedCounts } from '../capture/types.js';
import { escapeBytes, toHex } from '../term/escape.js';

export interface CaptureJsonMeta {
  /** The file argument as given (`-` for stdin). */
  readonly file: string;
  readonly linkerd: string;
  readonly client: string;
  readonly server: string;
}

export interface ShownBytesJson {
  readonly text: string;
  readonly hex: string;
  readonly length: number;
}

export interface CaptureJson {
  readonly capture: {
    readonly file: string;
    readonly format: string | null;
    readonly frames: number;
    readonly tcpSegments: number;
    readonly end: ReadEnd;
    readonly linkerd: string;
    readonly scenario: { readonly client: string; readonly server: string; readonly via: string };
  };
  readonly flows: readonly unknown[];
  /** Connections whose start was not captured: who is the client and who spoke first are unknown. */
  readonly flowsWithoutStart: readonly unknown[];
  readonly ports: readonly unknown[];
  readonly skipped: SkippedCounts;
}

/** A preview of a first read: `length` is the whole first read, `text`/`hex` its first bytes. */
function shown(b: Uint8Array, length: number): ShownBytesJson {
  return { text: escapeBytes(b), hex: toHex(b), length };
}

export function flowJson(f: FlowVerdict): Record<string, unknown> {
  return {
    client: f.client,
    server: f.server,
    firstSpeaker: f.firstSpeaker,
    gapMs: f.gapMs,
    protocol: f.protocol,
    http: f.http,
    tls: f.tls,
    frame: f.frame,
    protocolBasis: f.protocolBasis,
    identification: f.identification === null ? null : { signature: f.identification.signature, product: f.identification.product, version: f.identification.version, hard: f.identification.hard },
    clientWaitedForGreeting: f.clientWaitedForGreeting,
    proxyFirstRead: f.proxyFirstRead,
    proxy: f.proxy,
    firstBytes: { client: shown(f.clientPreview, f.clientFirstLength), server: shown(f.serverPreview, f.serverFirstLength) },
    notes: f.notes,
  };
}

export function startlessJson(f: StartlessFlow): Record<string, unknown> {
  return {
    endpoints: [endpointText(f.first), endpointText(f.second)],
    ports: [f.first.port, f.second.port],
    firstSpeaker: null,
    frame: f.frame,
    segments: f.segments,
  };
}

export function portJson(p: PortSummary): Record<string, unknown> {
  const pr = p.prediction;
  return {
    port: p.port,
    flows: p.flows,
    firstSpeaker: p.firstSpeaker,
    firstSpeakerCounts: p.firstSpeakerCounts,
    protocol: p.protocol,
    protocolBasis: p.protocolBasis,
    clientWaitsForGreeting: p.clientWaitsForGreeting,
    outsideClusterNetworks: p.outsideClusterNetworks,
    linkerd: {
      covered: pr.covered,
      outcome: p.outcome,
      delaySeconds: pr.delaySeconds,
      action: pr.action,
      client: pr.client,
      server: pr.server,
      explanation: pr.explanation,
    },
    suggestions: p.suggestions.map(suggestionJson),
    needsAction: p.needsAction,
  };
}

export function renderCaptureJson(a: CaptureAnalysis, ports: readonly PortSummary[], meta: CaptureJsonMeta): string {
  const out: CaptureJson = {
    capture: {
      file: meta.file,
      format: a.format,
      frames: a.frames,
      tcpSegments: a.tcpSegments,
      end: a.end,
      linkerd: meta.linkerd,
      scenario: { client: meta.client, server: meta.server, via: meta.server === 'external' ? 'external' : 'service' },
    },
    flows: a.flows.map(flowJson),
    flowsWithoutStart: a.startless.map(startlessJson),
    ports: ports.map(portJson),
    skipped: a.skipped,
  };
  return JSON.stringify(out, null, 2) + '\n';
}
