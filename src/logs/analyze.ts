/**
 * The streaming core of `protocheck logs`: text in (any chunking, several sources one after the other),
 * events out as they are recognised, and at the end the events grouped per direction, server and port,
 * the count of proxy warnings/errors that are none of the kinds, and the releases the lines fit.
 * Memory is bounded: a line longer than MAX_LINE is skipped (counted), at most MAX_EVENTS events are
 * kept for the JSON list (all are counted in the groups), at most MAX_GROUPS groups. Pure (no I/O).
 */
import { parseLine } from './line.js';
import { classify, isUnrecognized, parseAddr, NEWEST, type Direction, type LogEventKind, type ReleaseRange } from './classify.js';

export const MAX_LINE = 64 * 1024;
export const MAX_EVENTS = 100_000;
export const MAX_GROUPS = 10_000;
const EMPTY = Buffer.alloc(0);

/**
 * Words one of which every line worth parsing contains: the two detection-timeout messages, the error
 * texts of the `Connection closed` kinds (src/logs/classify.ts: `Timed out while reading client stream
 * prefix`, `Protocol detection timeout after`, `TLS detection timeout`/`timed out`, `a named target must
 * be provided`, `direct connections require transport header negotiation`), and the levels the
 * `unrecognized` count reads. A `Connection closed` line with any other error (the common `read header
 * from client timeout`, resets) is only counted, never decoded.
 */
const CANDIDATE_WORDS = ['Continuing after timeout', 'Handling connection as', 'detection time', 'client stream prefix', 'named target', 'transport header', 'WARN', 'ERROR'];
/** CANDIDATE_WORDS as bytes for native searches. */
const NEEDLES: readonly Buffer[] = CANDIDATE_WORDS.map((w) => Buffer.from(w));
const DEBUG_BYTES = Buffer.from(' DEBUG ');

export interface LogEvent {
  readonly source: string;
  readonly line: number;
  readonly pod: string | null;
  readonly time: string | null;
  readonly kind: LogEventKind;
  readonly direction: Direction;
  readonly client: string | null;
  readonly server: string | null;
  readonly port: number | null;
}

export interface EventGroup {
  readonly direction: Direction;
  readonly port: number;
  /** Server IP from the lines (null when no line of the group carries it). */
  readonly server: string | null;
  readonly events: Partial<Record<LogEventKind, number>>;
  /** Pods whose proxy logged the events (from --prefix), first seen first, at most 20. */
  readonly pods: readonly string[];
  /** Client IPs seen (at most 20), first seen first. */
  readonly clients: readonly string[];
  readonly first: { readonly source: string; readonly line: number };
  /** Set by `metrics`: the Service the counters name (parent_* labels), used when no dump resolves the address. */
  readonly service?: { readonly namespace: string; readonly name: string };
  /** Set by `metrics`: the destination is outside the cluster (EgressNetwork or the egress fallback). */
  readonly external?: boolean;
}

export interface LogAnalysis {
  readonly events: readonly LogEvent[];
  /** Events recognised beyond MAX_EVENTS (counted in groups, not listed). */
  readonly eventsNotListed: number;
  readonly groups: readonly EventGroup[];
  /** Events whose line carries no port, per kind. */
  readonly withoutPort: Partial<Record<LogEventKind, number>>;
  readonly unrecognized: number;
  readonly lines: number;
  readonly longLines: number;
  /** Releases every event's wording fits (null: no event); `conflict` when no single release fits all. */
  readonly releases: ReleaseRange | null;
  readonly conflict: boolean;
  /** Some input line is at DEBUG level (so DEBUG-only kinds would be visible). */
  readonly sawDebug: boolean;
}

/** Lines worth parsing: anything else is skipped with one regular-expression test (throughput). */
const CANDIDATE = new RegExp(CANDIDATE_WORDS.join('|'));
const CANDIDATE_G = new RegExp(CANDIDATE.source, 'g');

interface MutableGroup {
  direction: Direction;
  port: number;
  server: string | null;
  events: Partial<Record<LogEventKind, number>>;
  pods: string[];
  clients: string[];
  first: { source: string; line: number };
}

export class LogAnalyzer {
  private readonly onEvent: ((e: LogEvent) => void) | undefined;
  private readonly events: LogEvent[] = [];
  private notListed = 0;
  private readonly groups = new Map<string, MutableGroup>();
  private readonly withoutPort: Partial<Record<LogEventKind, number>> = {};
  private unrecognized = 0;
  private lines = 0;
  private longLines = 0;
  private releases: ReleaseRange | null = null;
  private conflict = false;
  private sawDebug = false;
  private source = '';
  private lineNo = 0;
  private carry = '';
  private skipping = false;
  /** Bytes after the last newline of the chunks so far. */
  private pending: Buffer = EMPTY;

  constructor(options: { onEvent?: (e: LogEvent) => void } = {}) {
    this.onEvent = options.onEvent;
  }

  /** Starts a new input (file name or `-`); line numbers restart at 1. */
  begin(source: string): void {
    this.end();
    this.source = source;
    this.lineNo = 0;
  }

  /**
   * Bytes in any chunking. Only whole lines are decoded (a newline byte never falls inside a UTF-8
   * sequence), in one toString per chunk; the bytes after the last newline wait for the next chunk.
   * The chunk may be reused by the caller: what is kept is copied.
   */
  push(chunk: Uint8Array): void {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    if (this.skipping || this.pending.length > 0) {
      const nl = buf.indexOf(0x0a);
      if (nl === -1) {
        if (!this.skipping) this.keep(Buffer.concat([this.pending, buf]));
        return;
      }
      if (this.skipping) this.skipping = false;
      else this.pushText(Buffer.concat([this.pending, buf.subarray(0, nl + 1)]).toString('utf8'));
      this.pending = EMPTY;
      start = nl + 1;
    }
    const last = buf.lastIndexOf(0x0a);
    if (last >= start) this.scan(buf, start, last);
    this.keep(buf.subarray(Math.max(start, last + 1)));
  }

  /**
   * Whole lines `buf[start..last]` (last is a newline): native byte searches jump from candidate line
   * to candidate line (each needle's next position is cached, so every byte is searched once per
   * needle); only candidate lines are decoded, the others are counted and measured.
   */
  private scan(buf: Buffer, start: number, last: number): void {
    if (!this.sawDebug) {
      const d = buf.indexOf(DEBUG_BYTES, start);
      if (d !== -1 && d <= last) this.sawDebug = true;
    }
    const next = NEEDLES.map((n) => buf.indexOf(n, start));
    while (start <= last) {
      let hit = -1;
      for (let i = 0; i < NEEDLES.length; i++) {
        let at = next[i] as number;
        if (at !== -1 && at < start) next[i] = at = buf.indexOf(NEEDLES[i] as Buffer, start);
        if (at !== -1 && (hit === -1 || at < hit)) hit = at;
      }
      if (hit > last) hit = -1;
      const lineStart = hit === -1 ? last + 1 : buf.lastIndexOf(0x0a, hit) + 1;
      while (start < lineStart) {
        const nl = buf.indexOf(0x0a, start);
        this.lineNo++;
        this.lines++;
        if (nl - start > MAX_LINE) this.longLines++;
        start = nl + 1;
      }
      if (hit === -1) break;
      const nl = buf.indexOf(0x0a, hit);
      if (nl - start > MAX_LINE) this.long();
      else this.line(buf.toString('utf8', start, nl));
      start = nl + 1;
    }
  }

  /** Keeps the bytes of an unfinished line (copied), or skips the line when it is already too long. */
  private keep(rest: Buffer): void {
    if (rest.length > MAX_LINE) {
      this.pending = EMPTY;
      this.skipping = true;
      this.long();
    } else {
      this.pending = rest.length === 0 ? EMPTY : Buffer.from(rest);
    }
  }

  /**
   * Text in any chunking. The fast path does not cut every line out: a global search for the few
   * words a candidate line must contain jumps from candidate to candidate, and the lines in between
   * are only counted (and measured, for the length bound).
   */
  pushText(text: string): void {
    let start = 0;
    // Finish the line a previous chunk started (or skip the rest of an over-long one).
    if (this.carry !== '' || this.skipping) {
      const nl = text.indexOf('\n');
      if (nl === -1) {
        if (!this.skipping) {
          this.carry += text;
          if (this.carry.length > MAX_LINE) {
            this.carry = '';
            this.skipping = true;
            this.long();
          }
        }
        return;
      }
      if (this.skipping) this.skipping = false;
      else {
        const line = this.carry + text.slice(0, nl);
        this.carry = '';
        if (line.length > MAX_LINE) this.long();
        else this.line(line);
      }
      start = nl + 1;
    }
    const lastNl = text.lastIndexOf('\n');
    if (!this.sawDebug && lastNl >= start && text.indexOf(' DEBUG ', start) !== -1) this.sawDebug = true;
    while (start <= lastNl) {
      CANDIDATE_G.lastIndex = start;
      const m = CANDIDATE_G.exec(text);
      const hit = m === null || m.index > lastNl ? -1 : m.index;
      const lineStart = hit === -1 ? lastNl + 1 : text.lastIndexOf('\n', hit) + 1;
      while (start < lineStart) {
        const nl = text.indexOf('\n', start);
        this.lineNo++;
        this.lines++;
        if (nl - start > MAX_LINE) this.longLines++;
        start = nl + 1;
      }
      if (hit === -1) break;
      const nl = text.indexOf('\n', hit);
      if (nl - start > MAX_LINE) this.long();
      else this.line(text.slice(start, nl));
      start = nl + 1;
    }
    if (start < text.length) {
      this.carry = text.slice(start);
      if (this.carry.length > MAX_LINE) {
        this.carry = '';
        this.skipping = true;
        this.long();
      }
    }
  }

  /** Ends the current input (a last line without a newline counts). */
  end(): void {
    if (this.pending.length > 0) {
      const rest = this.pending.toString('utf8');
      this.pending = EMPTY;
      this.pushText(rest);
    }
    if (this.carry !== '' && !this.skipping) this.line(this.carry);
    this.carry = '';
    this.skipping = false;
  }

  private long(): void {
    this.lineNo++;
    this.lines++;
    this.longLines++;
  }

  private line(raw: string): void {
    this.lineNo++;
    this.lines++;
    if (!this.sawDebug && raw.includes(' DEBUG ')) this.sawDebug = true;
    if (!CANDIDATE.test(raw)) return;
    const line = parseLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    if (line === null) return;
    if (line.level === 'DEBUG') this.sawDebug = true;
    const c = classify(line);
    if (c === null) {
      if (isUnrecognized(line)) this.unrecognized++;
      return;
    }
    const event: LogEvent = { source: this.source, line: this.lineNo, pod: line.pod, time: line.time, kind: c.kind, direction: c.direction, client: c.client, server: c.server, port: c.port };
    if (this.events.length < MAX_EVENTS) this.events.push(event);
    else this.notListed++;
    if (this.releases === null) this.releases = c.releases;
    else {
      const lo = Math.max(this.releases.lo, c.releases.lo);
      const hi = Math.min(this.releases.hi, c.releases.hi);
      if (lo > hi) this.conflict = true;
      else this.releases = { lo, hi };
    }
    if (c.port === null) {
      this.withoutPort[c.kind] = (this.withoutPort[c.kind] ?? 0) + 1;
    } else {
      const ip = parseAddr(c.server ?? undefined)?.ip ?? null;
      const key = `${c.direction}|${ip ?? ''}|${c.port}`;
      let g = this.groups.get(key);
      if (g === undefined && this.groups.size < MAX_GROUPS) {
        g = { direction: c.direction, port: c.port, server: ip, events: {}, pods: [], clients: [], first: { source: this.source, line: this.lineNo } };
        this.groups.set(key, g);
      }
      if (g !== undefined) {
        g.events[c.kind] = (g.events[c.kind] ?? 0) + 1;
        if (line.pod !== null && g.pods.length < 20 && !g.pods.includes(line.pod)) g.pods.push(line.pod);
        const client = parseAddr(c.client ?? undefined)?.ip;
        if (client !== undefined && g.clients.length < 20 && !g.clients.includes(client)) g.clients.push(client);
      }
    }
    this.onEvent?.(event);
  }

  finish(): LogAnalysis {
    this.end();
    return {
      events: this.events,
      eventsNotListed: this.notListed,
      groups: [...this.groups.values()],
      withoutPort: this.withoutPort,
      unrecognized: this.unrecognized,
      lines: this.lines,
      longLines: this.longLines,
      releases: this.conflict ? null : this.releases,
      conflict: this.conflict,
      sawDebug: this.sawDebug,
    };
  }
}

/** `2.10.1`, `2.18 or later`, `2.12-2.16`: a release range in words. */
export function releaseLabel(r: ReleaseRange): string {
  const one = (n: number) => (n === 990 ? 'edge-21.1.x' : n % 100 === 0 ? `2.${Math.floor(n / 100)}` : `2.${Math.floor(n / 100)}.${n % 100}`);
  const hiText = (n: number) => (n % 100 >= 89 ? `2.${Math.floor(n / 100)}` : one(n));
  if (r.lo === 990 && r.hi <= 999) return 'edge-21.1.x';
  if (r.hi >= NEWEST) return `${one(r.lo)} or later`;
  if (r.lo === r.hi || one(r.lo) === hiText(r.hi)) return one(r.lo);
  return `${one(r.lo)}-${hiText(r.hi)}`;
}

/** The `--linkerd` value the oldest release of a range corresponds to (for the model). */
export function releaseVersionInput(r: ReleaseRange): string {
  if (r.lo === 990) return 'edge-21.1.1';
  if (r.lo >= 800 && r.lo < 900) return '2.8';
  return `2.${Math.floor(r.lo / 100)}.${r.lo % 100}`;
}
