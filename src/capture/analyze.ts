/**
 * The whole capture pipeline without I/O: push the file's chunks, then finish() for the per-flow
 * verdicts, the skip counters and how reading ended. Memory: one partial record, the buffers of
 * flows still being followed (bounded per flow), and one small verdict per flow.
 */
import type { LinkerdVersion } from '../linkerd/version.js';
import { FlowTable, type StartlessFlow } from './flow-table.js';

/** How many connections without a captured start are listed (all are counted). */
export const MAX_STARTLESS = 10_000;
import { flowVerdict, type FlowVerdict } from './flow-verdict.js';
import { CaptureReader } from './reader.js';
import { decodeSegment } from './tcp-segment.js';
import { emptySkipped, type CaptureFormat, type ReadEnd, type SkippedCounts } from './types.js';

export interface CaptureAnalysis {
  readonly format: CaptureFormat | null;
  readonly frames: number;
  readonly tcpSegments: number;
  readonly flows: readonly FlowVerdict[];
  /** Connections whose start was not captured, in frame order (at most MAX_STARTLESS; the count is skipped.flowsWithoutHandshake). */
  readonly startless: readonly StartlessFlow[];
  /** All of them (with --port: those with a port given). */
  readonly startlessTotal: number;
  readonly skipped: SkippedCounts;
  readonly end: ReadEnd;
}

export interface AnalyzeOptions {
  readonly version: LinkerdVersion;
  /** Only flows to these server ports (empty or undefined: all). */
  readonly ports?: readonly number[];
}

export class CaptureAnalyzer {
  private readonly reader: CaptureReader;
  private readonly table: FlowTable;
  private readonly skipped = emptySkipped();
  private readonly verdicts: FlowVerdict[] = [];
  private readonly startless: StartlessFlow[] = [];
  private startlessTotal = 0;
  private segments = 0;

  constructor(options: AnalyzeOptions) {
    const ports = options.ports !== undefined && options.ports.length > 0 ? new Set(options.ports) : null;
    this.table = new FlowTable((flow) => {
      if (ports !== null && !ports.has(flow.server.port)) {
        this.skipped.filteredFlows++;
        return;
      }
      this.verdicts.push(flowVerdict(flow, options.version));
    }, this.skipped, (flow) => {
      if (ports !== null && !ports.has(flow.first.port) && !ports.has(flow.second.port)) return;
      this.startlessTotal++;
      if (this.startless.length < MAX_STARTLESS) this.startless.push(flow);
    });
    const sk = this.skipped;
    this.reader = new CaptureReader((p) => {
      const seg = decodeSegment(p.linkType, p.data);
      if (typeof seg !== 'string') {
        this.segments++;
        this.table.add(seg, p.frame, p.timeMs);
        return;
      }
      if (seg === 'unsupported-link-type') sk.unsupportedLinkType++;
      else if (seg === 'non-ip') sk.nonIp++;
      else if (seg === 'non-tcp') sk.nonTcp++;
      else if (seg === 'fragment') sk.fragments++;
      else sk.malformed++;
    });
  }

  /** Returns false once reading has stopped (corrupt input): the caller can stop reading the file. */
  push(chunk: Uint8Array): boolean {
    return this.reader.push(chunk);
  }

  finish(): CaptureAnalysis {
    const end = this.reader.finish();
    this.table.flush();
    const flows = [...this.verdicts].sort((a, b) => a.frame - b.frame);
    return { format: this.reader.format, frames: this.reader.framesRead, tcpSegments: this.segments, flows, startless: this.startless, startlessTotal: this.startlessTotal, skipped: this.skipped, end };
  }
}

/** Convenience for tests: the whole capture at once. */
export function analyzeBytes(bytes: Uint8Array, options: AnalyzeOptions): CaptureAnalysis {
  const a = new CaptureAnalyzer(options);
  a.push(bytes);
  return a.finish();
}
