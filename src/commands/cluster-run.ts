/**
 * The cluster command's shell: reads the cluster (kubectl or --from dumps), runs the static audit,
 * probes this shard's endpoints, renders, picks the exit code; and `cluster merge`, which reads the
 * shards' jsonl outputs and finalizes the union exactly as one unsharded run does.
 */
import { createReadStream } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { Io } from '../io.js';
import { InputError, UsageError } from '../errors.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { makeChalk } from '../term/color.js';
import { escapeControls } from '../term/escape.js';
import { fsReason } from '../input-file.js';
import { parseDuration } from '../probe/duration.js';
import { parseLinkerdVersion } from '../linkerd/version.js';
import { Inventory } from '../cluster/inventory.js';
import { readDumpFile } from '../cluster/dump.js';
import { readCluster } from '../cluster/kubectl.js';
import { auditStatic } from '../cluster/audit.js';
import { finalize, needsChange, unitKey } from '../cluster/finalize.js';
import { parseShard, probeUnits, unitsFor, type Shard } from '../cluster/probe-units.js';
import type { ClusterJson, FindingJson, PortBasis, ServicePortJson, ShardHeader, ShardLine, UnitResult } from '../cluster/types.js';
import { renderClusterText } from '../report/cluster-text.js';
import { renderClusterPatch } from '../report/cluster-patch.js';
import { progressReporter } from './probe-run.js';
import type { ClusterFlags, ClusterFormat, MergeFlags } from './cluster.js';

function parseConcurrency(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 2 || n > 65_536) throw new UsageError(`--concurrency: "${text}" is not a number from 2 to 65536`);
  return n;
}

function note(io: Io, text: string): void {
  io.stderr.write(`protocheck: note: ${escapeControls(text)}\n`);
}

/** Writes the report; returns the exit code. */
function output(entries: readonly ServicePortJson[], other: readonly FindingJson[], shard: Shard | null, format: Exclude<ClusterFormat, 'jsonl'>, color: boolean, version: ReturnType<typeof parseLinkerdVersion>, io: Io): number {
  if (format === 'json') {
    const doc: ClusterJson = { services: entries, shard: shard === null ? null : { index: shard.index, count: shard.count } };
    io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  } else if (format === 'patch') io.stdout.write(renderClusterPatch(entries, version));
  else io.stdout.write(renderClusterText(entries, { chalk: makeChalk(io.env, io.stdout, color ? undefined : false), shard, other }));
  return entries.some(needsChange) ? EXIT_FINDINGS : EXIT_OK;
}

export async function runCluster(flags: ClusterFlags, io: Io): Promise<number> {
  // Everything the user wrote is checked before reading the cluster.
  if (flags.namespace !== undefined && flags.allNamespaces) throw new UsageError('-n and -A exclude each other');
  const shard = flags.shard === undefined ? null : parseShard(flags.shard);
  if (shard !== null && !flags.probe) throw new UsageError('--shard splits the probe: give --probe too');
  const waitMs = parseDuration(flags.wait, '--wait');
  const connectTimeoutMs = parseDuration(flags.connectTimeout, '--connect-timeout');
  const concurrency = parseConcurrency(flags.concurrency);
  if (flags.from.length > 0 && (flags.context !== undefined || flags.namespace !== undefined || flags.allNamespaces)) {
    throw new UsageError('--context, -n and -A choose what kubectl reads: not with --from');
  }

  let inv: Inventory;
  let objects = 0;
  if (flags.from.length > 0) {
    inv = new Inventory();
    for (const f of flags.from) objects += await readDumpFile(f, io.cwd, () => io.stdinStream(), inv);
  } else {
    const r = await readCluster({
      ...(flags.context === undefined ? {} : { context: flags.context }),
      ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
      allNamespaces: flags.allNamespaces,
      env: io.env,
    });
    inv = r.inv;
    objects = r.objects;
    for (const n of r.notes) note(io, n);
  }
  if (objects === 0) note(io, 'the input holds no Kubernetes object');
  if (inv.services.length > 0 && inv.slices.length === 0) note(io, 'no EndpointSlice was read: endpoints come from the Service selectors and pod IPs');

  const audit = auditStatic(inv, { linkerd: flags.linkerdGiven ? flags.linkerd : null, fallback: flags.linkerd });
  for (const n of audit.notes) note(io, n);
  let results: Map<string, UnitResult> | null = null;
  if (flags.probe) {
    const units = unitsFor(audit.bases, shard);
    const progress = progressReporter(io);
    try {
      results = await probeUnits(units, { waitMs, connectTimeoutMs, concurrency, active: flags.active, version: flags.linkerd, onProgress: progress.update });
    } finally {
      progress.stop();
    }
  }
  if (flags.format === 'jsonl') {
    writeJsonl(audit.bases, results, { protocheckCluster: 1, probe: flags.probe, shard, linkerd: flags.linkerdGiven ? flags.linkerd.input : null, notes: audit.notes, other: audit.other }, io);
    return audit.bases.map((b) => finalize(b, results)).some(needsChange) ? EXIT_FINDINGS : EXIT_OK;
  }
  const entries = audit.bases.map((b) => finalize(b, results));
  return output(entries, audit.other, shard, flags.format, flags.color, flags.linkerd, io);
}

/** One header line, then one line per Service port with the results of the units this run probed. */
function writeJsonl(bases: readonly PortBasis[], results: ReadonlyMap<string, UnitResult> | null, header: ShardHeader, io: Io): void {
  io.stdout.write(JSON.stringify(header) + '\n');
  for (const b of bases) {
    const mine: Record<string, UnitResult> = {};
    if (results !== null) {
      for (const e of b.endpoints) {
        const u = unitKey(e.address, e.port);
        const r = results.get(u);
        if (r !== undefined) mine[u] = r;
      }
    }
    const line: ShardLine = { basis: b, results: mine };
    io.stdout.write(JSON.stringify(line) + '\n');
  }
}

interface ShardRead {
  readonly header: ShardHeader;
  readonly source: string;
  readonly lines: ShardLine[];
}

async function readShardFile(path: string, io: Io): Promise<ShardRead[]> {
  const shown = path === '-' ? '<stdin>' : escapeControls(path);
  const input = path === '-' ? Readable.from(io.stdinStream()) : createReadStream(resolvePath(io.cwd, path));
  const out: ShardRead[] = [];
  let lineNo = 0;
  let skipped = 0;
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNo++;
      if (line.trim() === '') continue;
      // kubectl logs interleaves the shards' stderr notes with their JSON lines: those are skipped.
      if (!line.trimStart().startsWith('{')) {
        skipped++;
        continue;
      }
      if (line.length > 64 << 20) throw new InputError(`${shown}:${lineNo}: a line of more than 64 MiB`);
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        throw new InputError(`${shown}:${lineNo}: not a line of protocheck cluster --format jsonl output`);
      }
      const o = v as Record<string, unknown>;
      if (o['protocheckCluster'] === 1) out.push({ header: o as unknown as ShardHeader, source: `${shown}:${lineNo}`, lines: [] });
      else if (typeof o['basis'] === 'object' && o['basis'] !== null && out.length > 0) out[out.length - 1]?.lines.push(o as unknown as ShardLine);
      else throw new InputError(`${shown}:${lineNo}: not a line of protocheck cluster --format jsonl output${out.length === 0 ? ' (no header line before it)' : ''}`);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${shown}: ${fsReason(error)}`);
  }
  if (skipped > 0) note(io, `${shown}: ${skipped} line${skipped === 1 ? '' : 's'} that are not JSON skipped (log lines such as the shards' notes)`);
  if (out.length === 0) throw new InputError(`${shown}: no shard output in it (protocheck cluster --probe --shard I/N --format jsonl)`);
  return out;
}

export async function runClusterMerge(files: readonly string[], flags: MergeFlags, io: Io): Promise<number> {
  const shards: ShardRead[] = [];
  for (const f of files) shards.push(...(await readShardFile(f, io)));
  const first = shards[0] as ShardRead;
  const count = first.header.shard?.count ?? 1;
  const byIndex = new Map<number, ShardRead>();
  for (const s of shards) {
    const h = s.header;
    if ((h.shard?.count ?? 1) !== count) throw new InputError(`${s.source}: shard of ${h.shard?.count ?? 1}, but ${first.source} is a shard of ${count}`);
    if (h.probe !== first.header.probe || h.linkerd !== first.header.linkerd) throw new InputError(`${s.source}: run with other options than ${first.source} (--probe, --linkerd)`);
    const i = h.shard?.index ?? 0;
    if (byIndex.has(i)) throw new InputError(`shard ${i}/${count} given twice (${byIndex.get(i)?.source ?? ''} and ${s.source})`);
    byIndex.set(i, s);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new InputError(`shard${missing.length > 1 ? 's' : ''} ${missing.slice(0, 10).map((i) => `${i}/${count}`).join(', ')}${missing.length > 10 ? ', ...' : ''} missing: every shard must be given once`);
  const ordered = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
  // The static part comes from shard 0; each unit's result from the shard that probed it.
  const results = new Map<string, UnitResult>();
  for (const s of ordered) for (const l of s.lines) for (const [u, r] of Object.entries(l.results)) results.set(u, r);
  const base = (ordered[0] as ShardRead).lines.map((l) => l.basis);
  const key = (b: PortBasis): string => `${b.namespace}/${b.name}/${b.port}`;
  const baseKeys = new Set(base.map(key));
  let differ = 0;
  for (const s of ordered.slice(1)) {
    const theirs = new Map(s.lines.map((l) => [key(l.basis), JSON.stringify(l.basis)]));
    for (const b of base) if (theirs.get(key(b)) !== JSON.stringify(b)) differ++;
    for (const k of theirs.keys()) if (!baseKeys.has(k)) differ++;
  }
  if (differ > 0) note(io, `the shards read the cluster in different states (${differ} Service port${differ === 1 ? '' : 's'} differ): shard 0's objects are used`);
  for (const n of first.header.notes) note(io, n);
  const probe = first.header.probe;
  const entries = base.map((b) => finalize(b, probe ? results : null));
  const version = parseLinkerdVersion(first.header.linkerd ?? 'latest');
  return output(entries, first.header.other ?? [], null, flags.format, flags.color, version, io);
}
