/**
 * When a server's unsolicited greeting is complete, so the probe can stop reading before the idle gap.
 * Data, not branches: each rule has an id and a note. Anything no rule recognises ends on the idle gap.
 * Sources: RFC 5321 §4.2 (SMTP multi-line replies), RFC 959 §4.2 (FTP), MySQL protocol packet header
 * (3-byte little-endian length + sequence id), RFC 4253 §4.2 (SSH identification line).
 */

export interface GreetingRule {
  readonly id: string;
  /** null: this rule does not apply; true/false: complete or not. */
  readonly complete: (bytes: Uint8Array) => boolean | null;
  readonly note: string;
}

const LF = 0x0a;

function lastLine(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('latin1');
  const lines = text.split('\n');
  // The text ends with '\n', so the last element is '' and the line before it is the last one.
  return (lines[lines.length - 2] ?? '').replace(/\r$/, '');
}

export const GREETING_RULES: readonly GreetingRule[] = [
  {
    id: 'varnish-cli-status',
    note: 'Varnish CLI: "<status> <length>" LF, then that many bytes and LF (varnish-cli(7))',
    complete: (b) => {
      const m = /^(\d{3}) +(\d{1,5}) *\n/.exec(Buffer.from(b.subarray(0, 16)).toString('latin1'));
      if (m === null) return null;
      return b.length >= m[0].length + Number(m[2]) + 1;
    },
  },
  {
    id: 'markup-document',
    note: 'XML or <<<section>>> reports (Ganglia, Checkmk agents) are written whole and then closed: wait for the close or the idle gap',
    complete: (b) => (b[0] === 0x3c ? false : null),
  },
  {
    id: 'mysql-packet',
    note: 'MySQL/MariaDB greeting or ERR: one packet, 3-byte LE length, sequence id 0, then 0x0a (protocol 10) or 0xff (ERR)',
    complete: (b) => {
      if (b.length < 5 || b[3] !== 0 || (b[4] !== 0x0a && b[4] !== 0xff)) return null;
      const len = (b[0] as number) | ((b[1] as number) << 8) | ((b[2] as number) << 16);
      if (len === 0 || len > 0xffff) return null;
      return b.length >= 4 + len;
    },
  },
  {
    id: 'reply-code-lines',
    note: 'SMTP/FTP replies: "220-" lines continue, the line with "220 " ends the reply',
    complete: (b) => {
      if (b.length < 4 || !/^\d{3}[ -]/.test(Buffer.from(b.subarray(0, 4)).toString('latin1'))) return null;
      if (b[b.length - 1] !== LF) return false;
      return /^\d{3}( |$)/.test(lastLine(b));
    },
  },
  {
    id: 'text-line',
    note: 'Single-line text greetings (SSH-, +OK, * OK, RFB, INFO {...}): complete at the end of the first line',
    complete: (b) => {
      const first = b[0];
      if (first === undefined || first < 0x20 || first > 0x7e) return null;
      return b[b.length - 1] === LF;
    },
  },
];

/** True when a rule says the greeting is complete; false when none does (wait for the idle gap). */
export function greetingComplete(bytes: Uint8Array): boolean {
  for (const rule of GREETING_RULES) {
    const verdict = rule.complete(bytes);
    if (verdict !== null) return verdict;
  }
  return false;
}
