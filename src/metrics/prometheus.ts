/**
 * The Prometheus text exposition format as the proxy's admin endpoint (`/metrics`) and `linkerd
 * diagnostics proxy-metrics` print it: `name{label="value",...} value [timestamp]`, `#` lines for
 * HELP/TYPE/UNIT/EOF. Labels are read by name (their order differs across releases), values with
 * `\\`, `\"` and `\n` escapes. Pure; a line that is not a sample is skipped and counted.
 */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** One sample line, or null. */
export function parseSample(line: string): Sample | null {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
  if (m === null) return null;
  const name = m[1] as string;
  let i = name.length;
  const labels: Record<string, string> = {};
  if (line.charCodeAt(i) === 0x7b) {
    i++;
    for (;;) {
      while (line[i] === ' ' || line[i] === ',') i++;
      if (line[i] === '}') {
        i++;
        break;
      }
      const k = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i, i + 256));
      if (k === null) return null;
      i += k[0].length;
      if (line[i] !== '=' || line[i + 1] !== '"') return null;
      i += 2;
      let v = '';
      for (;;) {
        const c = line[i];
        if (c === undefined) return null;
        if (c === '"') break;
        if (c === '\\') {
          const n = line[i + 1];
          v += n === 'n' ? '\n' : (n ?? '');
          i += 2;
        } else {
          v += c;
          i++;
        }
      }
      i++;
      labels[k[0]] = v;
    }
  }
  const rest = line.slice(i).trim().split(/\s+/);
  const text = rest[0] ?? '';
  const value = text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text);
  if (text === '' || Number.isNaN(value)) return null;
  return { name, labels, value };
}
