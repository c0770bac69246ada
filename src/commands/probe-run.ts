/** The probe command's shell: reads inputs (files, stdin), runs the probe, renders, picks the exit code. */
import { resolve as resolvePath } from 'node:path';
import { readInputFile } from '../input-file.js';
import type { Io } from '../io.js';
import { InputError, UsageError } from '../errors.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { makeChalk } from '../term/color.js';
import { parseDuration } from '../probe/duration.js';
import { parseTargets, splitTargetLines, type Target } from '../probe/targets.js';
import { runProbe, type RunProbeOptions } from '../probe/run-probe.js';
import { PROGRESS_AFTER_MS } from '../probe/constants.js';
import { formatMs } from '../probe/duration.js';
import { parseCidrList } from '../linkerd/cluster-networks.js';
import { parseEgressNetwork } from '../linkerd/assess.js';
import type { OpenTarget, TargetResult } from '../probe/types.js';
import { renderProbeText } from '../report/probe-text.js';
import { probeJsonChunks } from '../report/probe-json.js';
import { mergeFixes, type MeshOptions } from '../probe/mesh.js';
import { parseLinkerdVersion } from '../linkerd/version.js';
import type { ProbeFlags } from './probe.js';
import { meshOf } from '../mesh/options.js';
import { istioProbeVerdict, needsChange, renderIstioProbeJson, renderIstioProbeText } from '../mesh/istio-probe.js';

const WORKLOAD_KINDS: Readonly<Record<string, string>> = {
  deploy: 'Deployment', deployment: 'Deployment', deployments: 'Deployment',
  sts: 'StatefulSet', statefulset: 'StatefulSet', statefulsets: 'StatefulSet',
  ds: 'DaemonSet', daemonset: 'DaemonSet', daemonsets: 'DaemonSet',
  rs: 'ReplicaSet', replicaset: 'ReplicaSet', job: 'Job', cronjob: 'CronJob', pod: 'Pod', po: 'Pod',
};

export function parseWorkload(text: string): { kind: string; name: string } {
  const m = /^([A-Za-z]+)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(text.trim());
  const kind = m === null ? undefined : WORKLOAD_KINDS[(m[1] as string).toLowerCase()];
  if (m === null || kind === undefined) throw new UsageError(`--workload: "${text}" is not KIND/NAME`, { hint: 'e.g. deploy/nats, sts/mysql, ds/agent' });
  return { kind, name: m[2] as string };
}

export function parseHex(text: string, what: string): Uint8Array {
  const clean = text.replace(/\s+/g, '').replace(/^0x/i, '');
  if (clean === '' || !/^(?:[0-9a-fA-F]{2})+$/.test(clean)) throw new InputError(`${what}: "${text.slice(0, 40)}" is not hex bytes`, { hint: 'e.g. --send 474554202f20485454502f312e310d0a or --send @first-bytes.bin' });
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

export function parsePortSet(text: string, what: string): Set<number> {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(item.trim());
    const a = Number(m?.[1]);
    const b = m?.[2] === undefined ? a : Number(m[2]);
    if (m === null || a < 1 || b > 65_535 || b < a) throw new UsageError(`${what}: "${item}" is not a port or range`);
    for (let p = a; p <= b; p++) out.add(p);
  }
  return out;
}

/** A targets file or stdin holds at most this much (about 2 million short lines). */
const MAX_TARGETS_FILE = 32 << 20;
/** --send @FILE: the proxy looks at no more than a first read of 8 KiB, so 1 MiB is plenty. */
const MAX_SEND_FILE = 1 << 20;

function readInput(path: string, cwd: string, what: string, maxBytes: number): Promise<Buffer> {
  return readInputFile(resolvePath(cwd, path), path, what, maxBytes);
}

/** Standard input, refused with one line past `maxBytes` (an endless pipe is not read to the end). */
async function readStdinBounded(io: Io, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdinStream()) {
    size += chunk.length;
    if (size > maxBytes) throw new InputError(`targets on stdin: more than ${maxBytes} bytes`, { hint: 'split the list into several runs' });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function collectTargets(args: readonly string[], flags: Pick<ProbeFlags, 'targetsFile'>, io: Io): Promise<Target[]> {
  const specs: string[] = [];
  // Appended one by one: a million lines would overflow the stack as spread arguments.
  const add = (lines: readonly string[]): void => {
    for (const l of lines) specs.push(l);
  };
  for (const a of args) {
    if (a === '-') add(splitTargetLines((await readStdinBounded(io, MAX_TARGETS_FILE)).toString('utf8')));
    else specs.push(a);
  }
  if (flags.targetsFile !== undefined) add(splitTargetLines((await readInput(flags.targetsFile, io.cwd, '--targets-file', MAX_TARGETS_FILE)).toString('utf8')));
  if (specs.length === 0) throw new UsageError('no targets', { hint: 'protocheck host:port ... (or --targets-file FILE, or - for stdin)' });
  return parseTargets(specs);
}

function parseConcurrency(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65_536) throw new UsageError(`--concurrency: "${text}" is not a number from 1 to 65536`);
  return n;
}

/** 0: every open port is fine; 1: at least one needs a change; 2: nothing could be reached. */
export function exitCodeFor(results: readonly TargetResult[]): number {
  const open = results.filter((r) => r.state === 'open');
  if (open.length === 0) return EXIT_USAGE;
  return open.some((r) => r.linkerd !== null && (r.linkerd.action !== 'none' || !r.linkerd.covered)) ? EXIT_FINDINGS : EXIT_OK;
}

/** Progress on stderr, only on a TTY and only once the run has taken more than a second: what it waits for. */
export function progressReporter(io: Io, waitMs?: number): { update: (done: number, total: number) => void; stop: () => void } {
  let done = 0;
  let total = 0;
  let shown = false;
  const what = waitMs === undefined ? 'probing' : `waiting up to ${waitMs % 1_000 === 0 ? `${waitMs / 1_000} s` : formatMs(waitMs)} for greetings`;
  const draw = (): void => {
    shown = true;
    io.stderr.write(`\r\x1b[K${what}: ${done}/${total} known`);
  };
  const timer = io.stderr.isTTY ? setInterval(draw, PROGRESS_AFTER_MS) : undefined;
  return {
    update: (d, t) => {
      done = d;
      total = t;
    },
    stop: () => {
      clearInterval(timer);
      if (shown) io.stderr.write('\r\x1b[K');
    },
  };
}

/** The Linkerd scenario options (--server, --cluster-networks, --egress-network and the lists), checked. */
export function buildMeshOptions(flags: ProbeFlags): Omit<RunProbeOptions, 'waitMs' | 'connectTimeoutMs' | 'concurrency' | 'active'> {
  const server = flags.server ?? 'meshed';
  const external = server === 'external';
  if (flags.egressNetwork !== undefined && !external) throw new UsageError('--egress-network applies to --server external');
  if (external && flags.skipInboundPorts !== undefined) throw new UsageError('--skip-inbound-ports: with --server external there is no server pod to carry it');
  if (external && flags.opaquePorts !== undefined && flags.egressNetwork === undefined) {
    throw new UsageError('--opaque-ports: with --server external no pod or Service carries it', { hint: 'give --egress-network NAME for an EgressNetwork\'s opaque-ports' });
  }
  return {
    version: flags.linkerd,
    server,
    ...(flags.clusterNetworks === undefined ? {} : { clusterNetworks: parseCidrList(flags.clusterNetworks) }),
    ...(flags.egressNetwork === undefined ? {} : { egressNetwork: parseEgressNetwork(flags.egressNetwork) }),
    ...(flags.opaquePorts === undefined ? {} : { opaquePorts: flags.opaquePorts }),
    ...(flags.skipInboundPorts === undefined ? {} : { skipInboundPorts: flags.skipInboundPorts }),
    ...(flags.skipOutboundPorts === undefined ? {} : { skipOutboundPorts: flags.skipOutboundPorts }),
    ...(flags.workload === undefined ? {} : { workload: parseWorkload(flags.workload) }),
    ...(flags.service === undefined ? {} : { service: flags.service }),
    ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
  };
}

export function buildRunOptions(flags: ProbeFlags, send: Uint8Array | undefined): RunProbeOptions {
  const concurrency = parseConcurrency(flags.concurrency);
  // The passive connection holds one socket for the whole window; the active probes need others.
  if (concurrency < 2 && flags.active) throw new UsageError('--concurrency 1 leaves no socket for the active probes', { hint: 'use --concurrency 2 or more, or --no-active' });
  return {
    waitMs: parseDuration(flags.wait, '--wait'),
    connectTimeoutMs: parseDuration(flags.connectTimeout, '--connect-timeout'),
    concurrency,
    active: flags.active,
    forceActive: flags.forceActive === undefined ? new Set() : parsePortSet(flags.forceActive, '--force-active'),
    ...(flags.sni === undefined ? {} : { sni: flags.sni }),
    ...(send === undefined ? {} : { send }),
    ...buildMeshOptions(flags),
  };
}

export function render(results: readonly TargetResult[], flags: Pick<ProbeFlags, 'json' | 'color' | 'showClosed' | 'verbose'>, io: Io, header?: string, mesh?: MeshOptions): void {
  const open = results.filter((r): r is OpenTarget => r.state === 'open');
  const fixes = mergeFixes(open, mesh ?? { version: parseLinkerdVersion('latest') });
  if (flags.json === true) {
    for (const chunk of probeJsonChunks(results, fixes)) io.stdout.write(chunk);
    return;
  }
  io.stdout.write(
    renderProbeText(results, {
      chalk: makeChalk(io.env, io.stdout, flags.color === false ? false : undefined),
      fixes,
      showClosed: flags.showClosed === true,
      verbose: flags.verbose === true,
      ...(header === undefined ? {} : { header }),
    }),
  );
}

export async function runProbeCommand(args: readonly string[], flags: ProbeFlags, io: Io): Promise<number> {
  // Everything the user wrote is checked before the first connection.
  let send: Uint8Array | undefined;
  if (flags.send !== undefined) {
    send = flags.send.startsWith('@') ? new Uint8Array(await readInput(flags.send.slice(1), io.cwd, '--send', MAX_SEND_FILE)) : parseHex(flags.send, '--send');
  }
  const mesh = meshOf(flags, {
    '--opaque-ports': flags.opaquePorts, '--skip-inbound-ports': flags.skipInboundPorts, '--skip-outbound-ports': flags.skipOutboundPorts,
    '--cluster-networks': flags.clusterNetworks, '--egress-network': flags.egressNetwork,
  });
  const options = buildRunOptions(flags, send);
  const targets = await collectTargets(args, flags, io);
  const progress = progressReporter(io, options.waitMs);
  let results: TargetResult[];
  try {
    results = await runProbe(targets, { ...options, onProgress: progress.update, ...(mesh.mesh === 'istio' ? { linkerdVerdict: false } : {}) });
  } finally {
    progress.stop();
  }
  let code: number;
  if (mesh.mesh === 'istio') {
    const ctx = { version: mesh.istio, external: flags.server === 'external', ...(send === undefined ? {} : { send }) };
    const verdicts = results.map((r) => istioProbeVerdict(r, ctx));
    io.stdout.write(flags.json === true ? renderIstioProbeJson(results, verdicts) : renderIstioProbeText(results, verdicts, makeChalk(io.env, io.stdout, flags.color === false ? false : undefined)));
    code = results.some((r) => r.state === 'open') ? (verdicts.some((m) => m !== null && needsChange(m)) ? EXIT_FINDINGS : EXIT_OK) : EXIT_USAGE;
  } else {
    render(results, flags, io, undefined, options);
    code = exitCodeFor(results);
  }
  if (code === EXIT_USAGE) io.stderr.write(`protocheck: no target could be reached (${results.map((r) => `${r.target} ${r.state}`).slice(0, 5).join(', ')}${results.length > 5 ? ', ...' : ''})\n`);
  return code;
}
