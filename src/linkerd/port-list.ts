/**
 * One port-list parser, read the way each Linkerd component reads it (docs/linkerd-model.md#port-lists-per-consumer).
 * Pure: never throws; every surprise becomes a PortListProblem.
 * Sources: linkerd/linkerd2:pkg/util/{parsing.go,portrange.go} (Go consumers),
 * policy-controller/k8s/index/src/ports.rs `parse_portset` (policy controller),
 * pkg/healthcheck/healthcheck.go `misconfiguredOpaqueAnnotation` (linkerd check),
 * linkerd/linkerd2-proxy-init pkg/util/portrange.go + pflag CSV (proxy-init, CNI: no trimming).
 */

/** Each Linkerd component that reads port lists, with its own parser (docs/linkerd-model.md#port-lists-per-consumer). */
export const CONSUMERS = ['injector', 'destination-pod', 'destination-service', 'policy-controller', 'proxy-init', 'cni', 'linkerd-check'] as const;
export type Consumer = (typeof CONSUMERS)[number];

/** Consumers that resolve named ports (container port names; Service port names for destination-service). */
export const NAME_RESOLVING: readonly Consumer[] = ['injector', 'destination-pod', 'destination-service'];
/** Consumers that accept port 0 as a (useless) entry. */
export const ACCEPTS_PORT_ZERO: readonly Consumer[] = ['injector', 'destination-pod', 'destination-service', 'proxy-init', 'cni', 'linkerd-check'];

export interface PortRange {
  readonly start: number;
  readonly end: number;
}

export type PortListProblemCode = 'space' | 'name' | 'port-zero' | 'out-of-range' | 'reversed-range' | 'empty-item' | 'garbage' | 'range';

export interface PortListProblem {
  /** Which consumers read this item differently from what the user meant. */
  readonly consumers: readonly Consumer[];
  /** The offending item as written ('' for an empty item). */
  readonly item: string;
  readonly index: number;
  readonly code: PortListProblemCode;
  readonly message: string;
}

export interface ConsumerReading {
  readonly ports: readonly PortRange[];
  /** Named ports kept by consumers that resolve names (resolved later against the pod or Service). */
  readonly names: readonly string[];
  /** True when this consumer throws the whole list away (policy controller on one bad entry; linkerd check errors out). */
  readonly emptied: boolean;
  /** Items this consumer ignores or drops (as written). */
  readonly dropped: readonly string[];
}

export interface ParsedPortList {
  readonly raw: string;
  readonly readings: Readonly<Record<Consumer, ConsumerReading>>;
  readonly problems: readonly PortListProblem[];
}

const MAX_PORT = 65535;

/** Go strconv.Atoi on a decimal string (optional sign), or null. */
function atoi(s: string): number | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** Rust `str::parse::<NonZeroU16>()`: optional '+', digits, 1..65535. */
function parseNonZeroU16(s: string): number | null {
  if (!/^\+?\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= MAX_PORT ? n : null;
}

/** linkerd2 pkg/util/portrange.go ParsePortRange (proxy-init's copy is the same): 0..65535, lower<=upper. */
function goParsePortRange(item: string): PortRange | null {
  const bounds = item.split('-');
  if (bounds.length > 2) return null;
  const lo = atoi(bounds[0] ?? '');
  const hi = atoi(bounds[1] ?? bounds[0] ?? '');
  if (lo === null || hi === null || lo < 0 || lo > MAX_PORT || hi < 0 || hi > MAX_PORT || hi < lo) return null;
  return { start: lo, end: hi };
}

/** Looks like a Kubernetes port name (IANA_SVC_NAME: lower-case alphanumerics and '-', at least one letter, <=15). */
export function looksLikePortName(item: string): boolean {
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(item) && /[a-z]/.test(item) && item.length <= 15;
}

interface Builder {
  ports: PortRange[];
  names: string[];
  dropped: string[];
  emptied: boolean;
}

function builder(): Builder {
  return { ports: [], names: [], dropped: [], emptied: false };
}

/** Go consumers (injector, destination controller): TrimSuffix one ',', split, TrimSpace, names first, then ParsePortRange. */
function readGo(raw: string): Builder {
  const b = builder();
  if (raw === '') return b; // ParsePorts("") and GetAnnotatedOpaquePorts("") both yield the empty set
  const body = raw.endsWith(',') ? raw.slice(0, -1) : raw;
  for (const part of body.split(',')) {
    const item = part.trim();
    const range = goParsePortRange(item);
    if (looksLikePortName(item) && range === null) b.names.push(item);
    else if (range) b.ports.push(range);
    else b.dropped.push(part);
  }
  return b;
}

/** Policy controller `parse_portset`: trimmed, empty items skipped, ranges increasing, no 0, any error => empty set. */
function readPolicy(raw: string): Builder {
  const b = builder();
  const ports: PortRange[] = [];
  for (const part of raw.split(',')) {
    const dash = part.indexOf('-');
    if (dash < 0) {
      const t = part.trim();
      if (t === '') {
        if (raw !== '') b.dropped.push(part);
        continue;
      }
      const n = parseNonZeroU16(t);
      if (n === null) return { ...builder(), dropped: [raw], emptied: true };
      ports.push({ start: n, end: n });
    } else {
      const lo = parseNonZeroU16(part.slice(0, dash).trim());
      const hi = parseNonZeroU16(part.slice(dash + 1).trim());
      if (lo === null || hi === null || lo > hi) return { ...builder(), dropped: [raw], emptied: true };
      ports.push({ start: lo, end: hi });
    }
  }
  b.ports = ports;
  return b;
}

/** proxy-init (pflag CSV) and linkerd-cni (split on ','): no trimming, bad entries dropped, others applied. */
function readIptables(raw: string): Builder {
  const b = builder();
  if (raw === '') return b;
  for (const item of raw.split(',')) {
    const range = goParsePortRange(item);
    if (range) b.ports.push(range);
    else b.dropped.push(item);
  }
  return b;
}

/** linkerd check: strings.Split + strconv.Atoi; the first failure makes the whole check error out. */
function readCheck(raw: string): Builder {
  const b = builder();
  for (const item of raw.split(',')) {
    const n = atoi(item);
    if (n === null) return { ...builder(), dropped: [raw], emptied: true };
    if (n >= 0 && n <= MAX_PORT) b.ports.push({ start: n, end: n });
    else b.dropped.push(item);
  }
  return b;
}

function freeze(b: Builder): ConsumerReading {
  return { ports: b.ports, names: b.names, emptied: b.emptied, dropped: b.dropped };
}

const OTHERS_ALL: readonly Consumer[] = CONSUMERS;

function problemsFor(raw: string): PortListProblem[] {
  const problems: PortListProblem[] = [];
  if (raw === '') return problems;
  const items = raw.split(',');
  items.forEach((item, index) => {
    const add = (code: PortListProblemCode, consumers: readonly Consumer[], message: string) => problems.push({ consumers, item, index, code, message });
    const t = item.trim();
    const isLast = index === items.length - 1;
    if (t === '') {
      const trailing = isLast && index > 0 && item === '';
      add(
        'empty-item',
        trailing ? ['proxy-init', 'cni', 'linkerd-check'] : ['injector', 'destination-pod', 'destination-service', 'proxy-init', 'cni', 'linkerd-check'],
        trailing
          ? 'trailing comma: ignored by the injector, controllers and policy controller, logged as an invalid entry by proxy-init/CNI, and makes linkerd check fail to convert ""'
          : 'empty item: skipped with a warning by the Go controllers and proxy-init/CNI, ignored by the policy controller, and makes linkerd check fail',
      );
      return;
    }
    if (t !== item) {
      add('space', ['proxy-init', 'cni', 'linkerd-check'], `"${item}" has spaces: proxy-init and linkerd-cni do not trim, so they drop this entry; linkerd check cannot convert it`);
    }
    const dash = t.indexOf('-');
    if (/^\d+$/.test(t)) {
      const n = Number(t);
      if (n === 0) add('port-zero', ['policy-controller'], 'port 0 is invalid for the policy controller, which then ignores the whole list; other consumers accept it but it matches nothing');
      else if (n > MAX_PORT) add('out-of-range', OTHERS_ALL, `${t} is above 65535: every consumer drops it, and the policy controller ignores the whole list`);
      return;
    }
    const m = /^(\d+)\s*-\s*(\d+)$/.exec(t);
    if (m && dash > 0) {
      const lo = Number(m[1]);
      const hi = Number(m[2]);
      if (lo > MAX_PORT || hi > MAX_PORT) add('out-of-range', OTHERS_ALL, `range ${t} goes above 65535: every consumer drops it, and the policy controller ignores the whole list`);
      else if (lo > hi) add('reversed-range', OTHERS_ALL, `range ${t} is reversed: every consumer drops it, and the policy controller ignores the whole list`);
      else if (lo === 0) add('port-zero', ['policy-controller'], `range ${t} starts at 0: the policy controller rejects it and ignores the whole list`);
      if (/\s/.test(t)) add('space', ['injector', 'destination-pod', 'destination-service', 'proxy-init', 'cni'], `range "${t}" has spaces around "-": the Go parsers and proxy-init/CNI drop it`);
      add('range', ['linkerd-check'], `linkerd check reads only plain integers: the range ${t} makes its opaque-ports check fail ("failed to convert")`);
      return;
    }
    if (looksLikePortName(t)) {
      add(
        'name',
        ['policy-controller', 'proxy-init', 'cni', 'linkerd-check'],
        `"${t}" is a port name: the injector and destination controller resolve it, but the policy controller ignores the whole list (so inbound detection still runs), proxy-init/CNI drop it, and linkerd check fails`,
      );
      return;
    }
    add('garbage', OTHERS_ALL, `"${t}" is not a port, a range a-b or a port name: every consumer drops it, and the policy controller ignores the whole list`);
  });
  return problems;
}

/** Parses a port-list annotation value as every consumer reads it. Never throws. */
export function parsePortList(raw: string): ParsedPortList {
  const go = freeze(readGo(raw));
  const iptables = freeze(readIptables(raw));
  const readings: Record<Consumer, ConsumerReading> = {
    injector: go,
    'destination-pod': go,
    'destination-service': go,
    'policy-controller': freeze(readPolicy(raw)),
    'proxy-init': iptables,
    cni: iptables,
    'linkerd-check': freeze(readCheck(raw)),
  };
  return { raw, readings, problems: problemsFor(raw) };
}

/** Is `port` in this reading? Named entries resolve through `names` (container or Service port names). */
export function readingIncludes(reading: ConsumerReading, port: number, names?: Readonly<Record<string, number>>): boolean {
  if (reading.ports.some((r) => r.start <= port && port <= r.end)) return true;
  if (names) return reading.names.some((n) => names[n] === port);
  return false;
}

/** Is `port` in the list as `consumer` reads it? */
export function portListIncludes(parsed: ParsedPortList, consumer: Consumer, port: number, names?: Readonly<Record<string, number>>): boolean {
  return readingIncludes(parsed.readings[consumer], port, NAME_RESOLVING.includes(consumer) ? names : undefined);
}

/** Canonical text: sorted by start, duplicates and overlapping ranges joined (adjacent single ports stay single), ranges as a-b, no spaces. */
export function formatPortList(ranges: readonly PortRange[], names: readonly string[] = []): string {
  const sorted = [...ranges].filter((r) => r.start <= r.end).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: PortRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, r.end) };
    else out.push(r);
  }
  const text = out.map((r) => (r.start === r.end ? String(r.start) : `${r.start}-${r.end}`));
  return [...text, ...[...new Set(names)].sort()].join(',');
}

export interface MergedPortList {
  /** The full new value (no spaces, sorted, ranges kept). */
  readonly value: string;
  /** True when the existing list already had every added port for all consumers that matter. */
  readonly unchanged: boolean;
  /** What was dropped or rewritten from the existing value, and why. */
  readonly notes: readonly string[];
}

/**
 * A new list value = what `existing` still means + `add`. Keeps ranges; resolves named entries when
 * `names` knows them (names break the policy controller and iptables), keeps unknown names only when
 * `allowNames` (opaque-ports) with a note; drops entries no consumer can use, with a note.
 */
export function mergePortList(existing: string | null | undefined, add: readonly number[], options: { names?: Readonly<Record<string, number>>; allowNames?: boolean } = {}): MergedPortList {
  const notes: string[] = [];
  const ranges: PortRange[] = [];
  const keptNames: string[] = [];
  let needsRewrite = false;
  if (existing !== null && existing !== undefined && existing.trim() !== '') {
    const body = existing.split(',');
    for (const part of body) {
      const t = part.trim();
      if (t !== part && t !== '') {
        needsRewrite = true;
        notes.push(`"${part}" written without spaces (proxy-init and linkerd-cni drop entries with spaces)`);
      }
      if (t === '') {
        needsRewrite = true;
        continue;
      }
      const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(t);
      if (m) {
        let lo = Number(m[1]);
        let hi = m[2] === undefined ? lo : Number(m[2]);
        if (lo > hi) {
          [lo, hi] = [hi, lo];
          notes.push(`reversed range "${t}" written as ${lo}-${hi}`);
          needsRewrite = true;
        }
        if (hi > MAX_PORT || lo === 0) {
          const clippedLo = Math.max(lo, 1);
          const clippedHi = Math.min(hi, MAX_PORT);
          needsRewrite = true;
          if (clippedLo > clippedHi) {
            notes.push(`dropped "${t}" (not a usable port)`);
            continue;
          }
          notes.push(`"${t}" clipped to ${clippedLo === clippedHi ? clippedLo : `${clippedLo}-${clippedHi}`}`);
          lo = clippedLo;
          hi = clippedHi;
        }
        ranges.push({ start: lo, end: hi });
        continue;
      }
      if (looksLikePortName(t)) {
        const resolved = options.names?.[t];
        needsRewrite = true;
        if (resolved !== undefined) {
          ranges.push({ start: resolved, end: resolved });
          notes.push(`named port "${t}" written as ${resolved} (the policy controller and proxy-init do not read names)`);
        } else if (options.allowNames) {
          keptNames.push(t);
          notes.push(`kept named port "${t}": replace it with its number, the policy controller ignores the whole list while it is there`);
        } else notes.push(`dropped named port "${t}": the policy controller ignores a whole list that has a name, and proxy-init drops it; add its number if it still needs to be here`);
        continue;
      }
      needsRewrite = true;
      notes.push(`dropped "${t}" (not a port or range)`);
    }
  }
  const missing = add.filter((p) => !ranges.some((r) => r.start <= p && p <= r.end));
  for (const p of missing) ranges.push({ start: p, end: p });
  const value = formatPortList(ranges, keptNames);
  return { value, unchanged: missing.length === 0 && !needsRewrite, notes };
}

/** A new list value = `existing` without `remove` (ranges split around removed ports), canonical text; names kept as written. */
export function subtractPortList(existing: string, remove: readonly number[]): string {
  const merged = mergePortList(existing, [], { allowNames: true });
  const parsed = parsePortList(merged.value).readings.injector;
  const out: PortRange[] = [];
  for (const r of parsed.ports) {
    let start = r.start;
    for (const p of [...remove].sort((a, b) => a - b)) {
      if (p < start || p > r.end) continue;
      if (p > start) out.push({ start, end: p - 1 });
      start = p + 1;
    }
    if (start <= r.end) out.push({ start, end: r.end });
  }
  return formatPortList(out, parsed.names);
}
