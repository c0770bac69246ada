/**
 * The nesting bound of lint's input. The YAML library builds its tree recursively and its lexer slows
 * down quadratically on deep flow nesting (`[[[[...`: 1,000 levels take about 0.2 s, 100,000 levels
 * minutes or the heap): a document nested deeper than MAX_NESTING levels is a `parse-error`
 * (NESTING_TOO_DEEP) found by this linear scan before the document is parsed. Real manifests nest about
 * 15 levels (a CronJob's container port is at depth 10). Pure.
 */

/** Deepest nesting of mappings and sequences lint reads (docs/commands/lint.md, docs/rules/parse-error.md). */
export const MAX_NESTING = 256;

/**
 * The offset where the nesting of `text` first exceeds `limit` levels, or -1. Block levels are counted
 * from indentation (and compact `- ` entries), flow levels from `[` and `{` outside quotes and comments;
 * block scalars (`|`, `>`) are skipped. An estimate that never undercounts a real nesting by more than
 * the compact forms it cannot see, and never counts a bracket inside a quoted or block scalar.
 */
export function nestingExceeds(text: string, limit = MAX_NESTING): number {
  const indents: number[] = [];
  let flow = 0;
  let quote = ''; // the open quote character of a multi-line quoted scalar
  let blockScalar = -1; // the indentation a block scalar's content must exceed, or -1
  let at = 0;
  const n = text.length;
  while (at < n) {
    let end = text.indexOf('\n', at);
    if (end === -1) end = n;
    let i = at;
    while (i < end && text.charCodeAt(i) === 0x20) i++;
    const indent = i - at;
    const first = i < end ? text.charCodeAt(i) : -1;
    const blank = first === -1 || first === 0x0d;
    if (blockScalar >= 0) {
      if (blank || indent > blockScalar) {
        at = end + 1;
        continue;
      }
      blockScalar = -1;
    }
    if (indent === 0 && quote === '' && (text.startsWith('---', at) || text.startsWith('...', at)) && (at + 3 >= end || /\s/.test(text[at + 3]!))) {
      indents.length = 0;
      flow = 0;
      at = end + 1;
      continue;
    }
    if (blank || (first === 0x23 && quote === '')) {
      at = end + 1;
      continue;
    }
    let depth = 0;
    if (flow === 0 && quote === '') {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      depth = indents.length;
    }
    let prev = 0x20; // the last non-space character before i on this line (a space at the start)
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (quote !== '') {
        if (quote === '"' && c === 0x5c) i++;
        else if (c === quote.charCodeAt(0)) {
          if (quote === "'" && text.charCodeAt(i + 1) === 0x27) i++;
          else quote = '';
        }
        continue;
      }
      if (c === 0x20 || c === 0x09) continue;
      if (c === 0x23 && (i === at || text.charCodeAt(i - 1) === 0x20 || text.charCodeAt(i - 1) === 0x09)) break; // a comment
      if ((c === 0x22 || c === 0x27) && (flow > 0 || prev === 0x20 || prev === 0x3a || prev === 0x2d || prev === 0x3f || prev === 0x2c || prev === 0x5b || prev === 0x7b)) {
        quote = c === 0x22 ? '"' : "'";
      } else if (c === 0x5b || c === 0x7b) {
        if (flow > 0 || prev === 0x20 || prev === 0x3a || prev === 0x2d || prev === 0x3f) {
          flow++;
          if (depth + flow > limit) return i;
        }
      } else if (c === 0x5d || c === 0x7d) {
        if (flow > 0) flow--;
      } else if (flow === 0 && c === 0x2d && (prev === 0x20 || prev === 0x2d) && (i + 1 >= end || text.charCodeAt(i + 1) === 0x20)) {
        // A compact sequence entry (`- - x`): each entry after the line's first is one level deeper.
        if (i !== at + indent) depth++;
        if (depth > limit) return i;
      } else if (flow === 0 && (c === 0x7c || c === 0x3e) && (prev === 0x3a || prev === 0x2d || prev === 0x20) && /^[|>][-+0-9]*\s*(#.*)?\r?$/.test(text.slice(i, end))) {
        blockScalar = indent;
        break;
      }
      prev = c;
    }
    if (depth > limit) return at + indent;
    at = end + 1;
  }
  return -1;
}

/**
 * The documents of `text` that nest deeper than `limit`, blanked (every character but line ends
 * becomes a space, so offsets and lines of the other documents stay), and where each one first exceeded it.
 */
export function blankTooDeep(text: string, limit = MAX_NESTING): { text: string; deep: number[] } {
  const deep: number[] = [];
  let out = text;
  let from = 0;
  for (;;) {
    const rel = nestingExceeds(out.slice(from), limit);
    if (rel === -1) break;
    const off = from + rel;
    deep.push(off);
    const start = docStart(out, off);
    const end = docEnd(out, off);
    out = out.slice(0, start) + out.slice(start, end).replace(/[^\r\n]/g, ' ') + out.slice(end);
    from = end;
    if (from >= out.length) break;
  }
  return { text: out, deep };
}

const MARKER = /^(?:---|\.\.\.)(?=\s|$)/gm;

/** Offset just after the document marker line before `off` (0 when none). */
function docStart(text: string, off: number): number {
  let start = 0;
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m !== null && m.index < off; m = MARKER.exec(text)) {
    start = m.index + 3;
  }
  return start;
}

/** Offset of the next document marker after `off` (the text's length when none). */
function docEnd(text: string, off: number): number {
  MARKER.lastIndex = off;
  const m = MARKER.exec(text);
  return m === null ? text.length : m.index;
}
