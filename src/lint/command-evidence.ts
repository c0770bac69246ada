/**
 * Protocol evidence from a container's command line: a listener that writes to every client as soon as
 * it connects and reads nothing, `ncat --listen --send-only PORT` / `nc -l ... --send-only` (the Kubernetes
 * MySQL StatefulSet's xtrabackup sidecar streams a backup that way; its peers read it with
 * `ncat --recv-only`). Such a port is server-first whatever it streams: the client waits for bytes that a
 * detecting proxy never forwards. Pure.
 */
import { getProtocol, type ProtocolEntry } from '../protocols/index.js';

/** The knowledge-base stand-in for such a port: no protocol id of its own, but its clients wait. */
export const SEND_ONLY_STREAM: ProtocolEntry = {
  ...getProtocol('unknown')!,
  name: 'a stream written on connect',
  firstSpeaker: 'server',
  clientWaitsForGreeting: true,
  note: 'A listener run with --send-only writes at once and never reads: clients send nothing first.',
  source: 'ncat(1): --send-only, --recv-only',
};

const NETCAT = /^(?:.*\/)?(?:ncat|nc|netcat|nc\.openbsd|nc\.traditional)$/;
const MAX_SCRIPT = 64 * 1024;

/** Splits a shell script into simple commands (newlines, `;`, `&&`, `||`, `|`, `&`), each into words. Quotes are honoured, `\`-newline joined. */
export function shellCommands(script: string): string[][] {
  const out: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) out.push(words);
    words = [];
  };
  const s = script.length > MAX_SCRIPT ? script.slice(0, MAX_SCRIPT) : script;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < s.length) word += s[++i];
      else word += c;
      continue;
    }
    if (c === '\\' && s[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '#' && !inWord) {
      while (i < s.length && s[i] !== '\n') i++;
      endCommand();
    } else if (c === '\n' || c === ';' || c === '|' || c === '&') endCommand();
    else if (c === ' ' || c === '\t' || c === '\r') endWord();
    else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return out;
}

/**
 * The netcat command of `script` that listens on `port` with --send-only, as written (for the evidence),
 * or undefined. `exec`, `env` and `timeout N` prefixes are looked through.
 */
export function sendOnlyListenerOn(script: string, port: number): string | undefined {
  if (!script.includes('send-only')) return undefined;
  for (const words of shellCommands(script)) {
    let i = 0;
    while (i < words.length && /^(exec|env|nohup|timeout|\d+[smhd]?|[A-Za-z_][A-Za-z0-9_]*=.*)$/.test(words[i]!)) i++;
    const cmd = words[i];
    if (cmd === undefined || !NETCAT.test(cmd)) continue;
    const args = words.slice(i + 1);
    const listens = args.some((a) => a === '--listen' || /^-[a-zA-Z]*l[a-zA-Z]*$/.test(a));
    if (!listens || !args.includes('--send-only')) continue;
    const p = String(port);
    const at = args.findIndex((a) => a === p || a === `-p${p}` || a.endsWith(`:${p}`));
    if (at !== -1) return [cmd, ...args.slice(0, at + 1)].join(' ');
  }
  return undefined;
}
