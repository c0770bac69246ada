/**
 * The I/O shell of `protocheck capture`: validates options, streams the file (or stdin) through the
 * pure CaptureAnalyzer in fixed-size chunks, summarises per port and prints. Returns the exit code:
 * 2 when nothing could be read, 1 when a port needs action, else 0.
 */
import { meshOf } from '../mesh/options.js';
import { istioCapturePorts, renderIstioCaptureJson, renderIstioCaptureText } from '../mesh/istio-capture.js';
import { open } from 'node:fs/promises';
import type { Io } from '../io.js';
import { InputError, UsageError } from '../errors.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { makeChalk } from '../term/color.js';
import { CaptureAnalyzer, type CaptureAnalysis } from '../capture/analyze.js';
import { summarizePorts } from '../capture/port-summary.js';
import { parseCidrList } from '../linkerd/cluster-networks.js';
import { parseEgressNetwork } from '../linkerd/assess.js';
import { renderCaptureJson } from '../report/capture-json.js';
import { captureEndNote, renderCaptureText } from '../report/capture-text.js';
import type { CaptureFlags } from './capture.js';

/** Read size: large enough that per-chunk work is negligible, small enough to keep memory flat. */
const CHUNK_BYTES = 1 << 20;

export function parsePorts(values: readonly string[] | undefined): number[] {
  const ports: number[] = [];
  for (const item of (values ?? []).flatMap((v) => v.split(','))) {
    const t = item.trim();
    if (t === '') continue;
    const n = /^\d{1,5}$/.test(t) ? Number(t) : NaN;
    if (!(n >= 1 && n <= 65535)) throw new UsageError(`--port: "${item}" is not a port number (1-65535)`);
    ports.push(n);
  }
  return ports;
}

/** `deploy/nats`: the model maps the kind's aliases; here only the shape is checked. */
export function parseWorkload(text: string): { kind: string; name: string } {
  const m = /^([A-Za-z]+)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(text.trim());
  if (m === null) throw new UsageError(`--workload: "${text}" is not KIND/NAME`, { hint: 'e.g. deploy/nats, sts/mysql, ds/agent' });
  return { kind: m[1] as string, name: m[2] as string };
}

function parseMaxFlows(text: string): number {
  const n = /^\d{1,7}$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isInteger(n)) throw new UsageError(`--max-flows: "${text}" is not a whole number`);
  return n;
}

/** Streams a file through the analyzer, one reused buffer at a time. */
async function analyzeFile(path: string, analyzer: CaptureAnalyzer): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new InputError(`cannot read ${path}: ${why}`, { cause: error });
  }
  try {
    const buf = new Uint8Array(CHUNK_BYTES);
    for (;;) {
      let n: number;
      try {
        ({ bytesRead: n } = await handle.read(buf, 0, buf.length, null));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new InputError(`cannot read ${path}: ${code === 'EISDIR' ? 'it is a directory' : String(code ?? error)}`, { cause: error });
      }
      if (n === 0) break;
      if (!analyzer.push(buf.subarray(0, n))) break;
    }
  } finally {
    await handle.close();
  }
}

/** Streams standard input through the analyzer as it arrives (memory stays flat for a large capture piped in). */
async function analyzeStdin(io: Io, analyzer: CaptureAnalyzer): Promise<void> {
  for await (const chunk of io.stdinStream()) {
    if (!analyzer.push(chunk)) break;
  }
}

export async function runCaptureCommand(file: string, flags: CaptureFlags, io: Io): Promise<number> {
  const mesh = meshOf(flags, {
    '--opaque-ports': flags.opaquePorts, '--skip-inbound-ports': flags.skipInboundPorts, '--skip-outbound-ports': flags.skipOutboundPorts,
    '--cluster-networks': flags.clusterNetworks, '--egress-network': flags.egressNetwork,
  });
  const ports = parsePorts(flags.port);
  const maxFlows = parseMaxFlows(flags.maxFlows);
  const clusterNetworks = flags.clusterNetworks === undefined ? undefined : parseCidrList(flags.clusterNetworks);
  if (flags.egressNetwork !== undefined && flags.server !== 'external') throw new UsageError('--egress-network applies to --server external');
  const egressNetwork = flags.egressNetwork === undefined ? undefined : parseEgressNetwork(flags.egressNetwork);
  const analyzer = new CaptureAnalyzer({ version: flags.linkerd, ports });
  if (file === '-') await analyzeStdin(io, analyzer);
  else await analyzeFile(file, analyzer);
  const analysis: CaptureAnalysis = analyzer.finish();
  const name = file === '-' ? 'stdin' : file;
  if (analysis.end.kind === 'not-a-capture') {
    throw new InputError(`${name}: ${analysis.end.reason}`, { hint: 'protocheck capture reads pcap and pcapng files (tcpdump -w FILE, Wireshark "Save as")' });
  }
  if (analysis.frames === 0 && analysis.end.kind !== 'complete') {
    throw new InputError(`${name}: nothing could be read: at byte ${analysis.end.offset}, ${analysis.end.reason}`);
  }
  const summaries = summarizePorts(analysis.flows, {
    version: flags.linkerd,
    client: flags.client,
    server: flags.server,
    ...(clusterNetworks === undefined ? {} : { clusterNetworks }),
    ...(egressNetwork === undefined ? {} : { egressNetwork }),
    ...(flags.opaquePorts === undefined ? {} : { opaquePorts: flags.opaquePorts }),
    ...(flags.skipInboundPorts === undefined ? {} : { skipInboundPorts: flags.skipInboundPorts }),
    ...(flags.skipOutboundPorts === undefined ? {} : { skipOutboundPorts: flags.skipOutboundPorts }),
    ...(flags.workload === undefined ? {} : { workload: parseWorkload(flags.workload) }),
    ...(flags.service === undefined ? {} : { service: flags.service }),
    ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
  });
  if (mesh.mesh === 'istio') {
    const istioPorts = istioCapturePorts(summaries, analysis.flows, mesh.istio, flags.server === 'external');
    if (flags.json === true) io.stdout.write(renderIstioCaptureJson(istioPorts, { file, istio: mesh.istio.label, server: flags.server }));
    else io.stdout.write(renderIstioCaptureText(istioPorts, { file: name, istio: mesh.istio.label, external: flags.server === 'external' }, makeChalk(io.env, io.stdout, flags.color === false ? false : undefined)));
    const endNote = captureEndNote(analysis);
    if (endNote !== null) io.stderr.write(`protocheck: ${name}: ${endNote}\n`);
    return istioPorts.some((p) => p.needsChange) ? EXIT_FINDINGS : EXIT_OK;
  }
  if (flags.json === true) {
    io.stdout.write(renderCaptureJson(analysis, summaries, { file, linkerd: flags.linkerd.label, client: flags.client, server: flags.server }));
  } else {
    const chalk = makeChalk(io.env, io.stdout, flags.color === false ? false : undefined);
    io.stdout.write(renderCaptureText(analysis, summaries, { chalk, file: name, linkerd: flags.linkerd.label, maxFlows, server: flags.server }));
  }
  const note = captureEndNote(analysis);
  if (note !== null) io.stderr.write(`protocheck: ${name}: ${note}\n`);
  return summaries.some((p) => p.needsAction) ? EXIT_FINDINGS : EXIT_OK;
}
