/**
 * Server-first text greetings (docs/protocols.md and the sections cited per matcher). Every test
 * is anchored at byte 0 and parses the line structure; regexes run on one bounded line at a time.
 */
import type { Matcher, MatchDetail } from '../types.js';
import { clean, firstLine, indexOfByte, latin1, startsWithAscii } from '../bytes.js';
import { FTP_PRODUCTS, POP_IMAP_PRODUCTS, SMTP_PRODUCTS, findProduct } from './products.js';

/** RFC 4253 4.2: the identification line is at most 255 bytes including CR LF. */
const SSH_LINE_MAX = 255;
/** Lines a server may send before its SSH- line (RFC 4253 4.2 allows them; keep the search bounded). */
const SSH_PRELUDE_LINES = 20;

function parseSshLine(line: string): MatchDetail | null {
  const m = /^SSH-(\d+\.\d+)-(\S+)(?: (.*))?$/.exec(line);
  if (!m) return null;
  const software = m[2] ?? '';
  const sw = /^([A-Za-z][A-Za-z0-9.]*?)[_-](\d[\w.+~-]*)$/.exec(software);
  const comments = m[3] === undefined ? '' : ` ${m[3]}`;
  return {
    product: clean(sw ? (sw[1] ?? software) : software, 60),
    version: sw ? clean(sw[2] ?? '', 60) : null,
    info: clean(`SSH protocol ${m[1]}${comments}`),
  };
}

export const SSH_IDENT: Matcher = {
  id: 'ssh-ident',
  protocol: 'ssh',
  hard: true,
  note: 'SSH-<protoversion>-<software>[ comments] CR LF, after optional non-SSH lines.',
  source: 'RFC 4253 section 4.2',
  test(b) {
    let at = 0;
    for (let n = 0; n <= SSH_PRELUDE_LINES && at < b.length; n++) {
      const lf = indexOfByte(b, 0x0a, at, at + SSH_LINE_MAX);
      if (startsWithAscii(b, 'SSH-', at)) {
        if (lf === -1) return null;
        const line = latin1(b, at, lf).replace(/\r$/, '');
        return parseSshLine(line);
      }
      if (lf === -1) return null;
      for (let i = at; i < lf; i++) {
        const c = b[i] as number;
        if (c !== 0x0d && c !== 0x09 && (c < 0x20 || c >= 0x7f)) return null;
      }
      at = lf + 1;
    }
    return null;
  },
};

export const RFB_VERSION: Matcher = {
  id: 'vnc-rfb-version',
  protocol: 'vnc',
  first: 'R',
  hard: true,
  note: 'Exactly 12 bytes RFB xxx.yyy LF.',
  source: 'RFC 6143 section 7.1.1',
  test(b) {
    const m = /^RFB (\d{3})\.(\d{3})\n/.exec(latin1(b, 0, 12));
    if (!m) return null;
    const major = Number(m[1]);
    const minor = Number(m[2]);
    const product = minor === 889 ? 'Apple Remote Desktop' : major === 4 || major === 5 ? 'RealVNC' : major === 0 ? 'UltraVNC repeater' : null;
    return { product, version: `${major}.${minor}`, info: `RFB ${m[1]}.${m[2]}` };
  },
};

export const RSYNC_GREETING: Matcher = {
  id: 'rsync-greeting',
  protocol: 'rsync',
  first: '@',
  hard: true,
  note: '@RSYNCD: <protocol>.<sub>[ digests] LF (LF only).',
  source: 'rsync clientserver.c',
  test(b) {
    const m = /^@RSYNCD: (\d+)\.(\d+)(?: ([^\n]*))?\n/.exec(latin1(b, 0, 256));
    if (!m) return null;
    return { product: 'rsync', version: `protocol ${m[1]}.${m[2]}`, info: m[3] === undefined ? null : clean(`digests: ${m[3]}`) };
  },
};

export const NATS_INFO: Matcher = {
  id: 'nats-info',
  protocol: 'nats',
  first: 'I',
  hard: true,
  note: 'INFO {json} CR LF; the JSON carries server version and name.',
  source: 'nats-server server/client.go',
  test(b) {
    if (!startsWithAscii(b, 'INFO ') && !startsWithAscii(b, 'INFO\t')) return null;
    const line = firstLine(b, 4096);
    const m = /^INFO\s+(\{.*\})\s*$/.exec(line.text);
    if (!m || !line.complete) {
      return /^INFO\s+\{/.test(line.text) ? { hard: false, product: 'nats-server', info: 'INFO line not complete' } : null;
    }
    let info: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(m[1] ?? '');
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) info = parsed as Record<string, unknown>;
      else return null;
    } catch {
      return { hard: false, product: 'nats-server', info: 'INFO JSON does not parse' };
    }
    const str = (k: string) => (typeof info[k] === 'string' ? clean(info[k] as string, 60) : null);
    const flags = ['tls_required', 'auth_required', 'jetstream'].filter((k) => info[k] === true);
    const name = str('server_name');
    return {
      product: 'nats-server',
      version: str('version'),
      info: clean([name === null ? '' : `name ${name}`, ...flags].filter((s) => s !== '').join(', ')) || null,
    };
  },
};

const IMAP_RE = /^\* (OK|PREAUTH|BYE)(?: \[([^\]]*)\])?(?: (.*))?$/i;

export const IMAP_GREETING: Matcher = {
  id: 'imap-greeting',
  protocol: 'imap',
  first: '*',
  hard: true,
  note: 'Untagged * OK / PREAUTH / BYE greeting line.',
  source: 'RFC 9051 section 7.1',
  test(b) {
    if (!startsWithAscii(b, '* ')) return null;
    const line = firstLine(b, 4096);
    if (!line.complete) return null;
    const m = IMAP_RE.exec(line.text);
    if (!m) return null;
    const text = `${m[2] ?? ''} ${m[3] ?? ''}`;
    const p = findProduct(text, POP_IMAP_PRODUCTS);
    const caps = m[2] !== undefined && /^CAPABILITY /i.test(m[2]) ? clean(m[2], 200) : null;
    const info = clean(`${(m[1] ?? '').toUpperCase()}${caps ? ` [${caps}]` : ''}`, 200);
    // `* OK` alone is not unique to IMAP: named on an IMAP capability, the word IMAP or a known IMAP server.
    if ((m[1] ?? '').toUpperCase() === 'OK' && p === null && !/\bIMAP4/i.test(text) && !/\bIMAP\b/i.test(text)) return { hard: false, candidates: ['imap'], info };
    return { product: p?.product ?? null, version: p?.version ?? null, info };
  },
};

export const POP3_OK: Matcher = {
  id: 'pop3-ok',
  protocol: 'pop3',
  first: '+',
  hard: true,
  note: '+OK greeting line.',
  source: 'RFC 1939 section 4',
  test(b) {
    if (!startsWithAscii(b, '+OK')) return null;
    const line = firstLine(b, 1024);
    if (!line.complete || !/^\+OK(?: .*)?$/.test(line.text)) return null;
    const p = findProduct(line.text, POP_IMAP_PRODUCTS);
    const info = clean(line.text.slice(3)) || null;
    // `+OK` alone is not unique to POP3: named on the word POP, an APOP timestamp (RFC 1939 section 7) or a known server.
    if (p === null && !/\bPOP3?\b/i.test(line.text) && !/<[^<>\s@]+@[^<>\s]+>/.test(line.text)) return { hard: false, candidates: ['pop3'], info };
    return { product: p?.product ?? null, version: p?.version ?? null, info };
  },
};

export const REDIS_REFUSAL: Matcher = {
  id: 'redis-refusal',
  protocol: 'redis',
  first: '-',
  hard: true,
  note: '-DENIED (protected mode) or -ERR max number of clients reached, written at accept.',
  source: 'redis networking.c acceptCommonHandler',
  test(b) {
    const line = firstLine(b, 1024);
    if (/^-DENIED Redis is running in protected mode/.test(line.text)) return { product: 'Redis', info: 'protected mode (DENIED)' };
    if (line.complete && /^-ERR max number of clients reached$/.test(line.text)) return { product: 'Redis', info: 'max number of clients reached' };
    return null;
  },
};

export const POP3_ERR: Matcher = {
  id: 'pop3-err',
  protocol: 'pop3',
  first: '-',
  hard: false,
  note: '-ERR greeting line (a refusing POP3 server).',
  source: 'docs/protocols.md',
  test(b) {
    if (!startsWithAscii(b, '-ERR')) return null;
    const line = firstLine(b, 1024);
    if (!line.complete || !/^-ERR(?: .*)?$/.test(line.text)) return null;
    // Redis error texts (its refusals and command errors) are not POP3 greetings.
    if (/^-ERR (?:max number of clients|wrong number of arguments|unknown command|Protocol error)/.test(line.text)) return null;
    return { info: clean(line.text) };
  },
};

/** Reply lines `ddd-text` / `ddd text` (RFC 5321 4.2, RFC 959 4.2): up to the first line with a space. */
function replyLines(b: Uint8Array): { code: string; lines: string[]; complete: boolean } | null {
  const lines: string[] = [];
  let at = 0;
  let code: string | null = null;
  for (let n = 0; n < 30 && at < b.length && at < 4096; n++) {
    const lf = indexOfByte(b, 0x0a, at, at + 1024);
    const text = lf === -1 ? latin1(b, at, Math.min(b.length, at + 1024)) : latin1(b, at, lf).replace(/\r$/, '');
    const m = /^(\d{3})([ -])(.*)$/.exec(text) ?? /^(\d{3})()$/.exec(text);
    if (!m) return lines.length > 0 && code !== null ? { code, lines, complete: false } : null;
    if (code === null) code = m[1] ?? '';
    else if (m[1] !== code) return null;
    if (lf === -1) return lines.length > 0 ? { code, lines, complete: false } : null;
    lines.push(m[3] ?? '');
    if (m[2] !== '-') return { code, lines, complete: true };
    at = lf + 1;
  }
  return code !== null && lines.length > 0 ? { code, lines, complete: false } : null;
}

const SMTP_WORD = /\b(?:E?SMTP|LMTP)\b/i;
const FTP_WORD = /\bFTP\b/i;

export const SMTP_FTP_REPLY: Matcher = {
  id: 'smtp-ftp-reply',
  protocol: 'smtp',
  others: ['ftp', 'lmtp'],
  first: '0123456789',
  hard: true,
  note: '3-digit reply greeting (220/421/554 SMTP, 220/120/421 FTP); the text decides SMTP vs FTP, a bare 220 is a soft SMTP match.',
  source: 'RFC 5321 section 4.2, RFC 959 section 4.2',
  test(b) {
    const r = replyLines(b);
    if (!r) return null;
    if (!['220', '421', '554', '120', '500', '530'].includes(r.code)) return null;
    const text = r.lines.join(' ');
    const host = /^([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z0-9-]+|[A-Za-z0-9-]+)\b/.exec(r.lines[0] ?? '')?.[1];
    const smtpProduct = findProduct(text, SMTP_PRODUCTS);
    const ftpProduct = findProduct(text, FTP_PRODUCTS);
    const partial = r.complete ? '' : ' (greeting not finished)';
    if (ftpProduct || (FTP_WORD.test(text) && !SMTP_WORD.test(text)) || r.code === '120' || /^OOPS:/.test(r.lines[0] ?? '')) {
      return { protocol: 'ftp', product: ftpProduct?.product ?? null, version: ftpProduct?.version ?? null, info: clean(`${r.code} ${text}`) + partial };
    }
    if (/\bLMTP\b/i.test(text) && !/\bE?SMTP\b/i.test(text)) return { protocol: 'lmtp', product: smtpProduct?.product ?? null, info: clean(`${r.code}${host ? ` host ${host}` : ''}`) + partial };
    if (smtpProduct || SMTP_WORD.test(text)) {
      return {
        protocol: 'smtp',
        product: smtpProduct?.product ?? null,
        version: smtpProduct?.version ?? null,
        info: clean(`${r.code}${host ? ` host ${host}` : ''}`) + partial,
      };
    }
    if (r.code === '500' || r.code === '530') return null;
    // A bare 220 (or 421/554) is shared by SMTP, LMTP, FTP and DICT: a candidate list, never a name.
    return { protocol: 'smtp', hard: false, candidates: ['smtp', 'lmtp', 'ftp', 'dict'], info: clean(`${r.code} ${text}`) + partial };
  },
};

/**
 * The ircd named by the registration numerics (002 "running version X", 004 `<server> <version>`)
 * when they are in the buffer: `ngircd-26.1` -> ngircd 26.1.
 */
function ircdVersion(b: Uint8Array): { product: string | null; version: string | null } {
  const text = latin1(b, 0, 8192);
  const v = /^:\S+ 004 \S+ \S+ (\S+)/m.exec(text)?.[1] ?? /^:\S+ 002 \S+ :.*?running version (\S+?),?(?:\s|$)/m.exec(text)?.[1];
  if (v === undefined) return { product: null, version: null };
  const pv = /^(.*?[A-Za-z][^-]*?)[-/]v?(\d[\w.+~-]*)$/.exec(v);
  return pv ? { product: clean(pv[1] ?? '', 40) || null, version: clean(pv[2] ?? '', 40) || null } : { product: null, version: clean(v, 40) || null };
}

export const IRC_NOTICE: Matcher = {
  id: 'irc-server-notice',
  protocol: 'irc',
  first: ':NEP0123456789',
  hard: true,
  note: 'NOTICE AUTH / NOTICE * / :server NOTICE * :*** ..., ERROR :Closing Link, a prefixed numeric (001 after registration: the ircd version from 002/004), or :server CAP * LS (the answer to CAP LS).',
  source: 'RFC 2812 section 2.3; IRCv3 capability negotiation; fixtures/ngircd-*.bin (ngIRCd 26.1)',
  test(b) {
    const line = firstLine(b, 512);
    if (!line.complete) return null;
    const t = line.text;
    const m = /^(?::(\S+) )?(NOTICE|ERROR|PING|CAP|\d{3}) (.*)$/.exec(t);
    if (!m) return null;
    const prefix = m[1];
    const cmd = m[2] ?? '';
    const rest = m[3] ?? '';
    const server = prefix === undefined ? null : clean(prefix, 80);
    if (cmd === 'NOTICE' && (/^(?:AUTH|\*) :/.test(rest) || rest.startsWith(':***') || (prefix !== undefined && /^\S+ :/.test(rest)))) {
      return { info: server ? `server ${server}` : clean(rest, 80) };
    }
    if (cmd === 'CAP' && prefix !== undefined && /^\S+ LS (?:\* )?:/.test(rest)) return { info: clean(`server ${server}, CAP LS ${rest.replace(/^\S+ LS (?:\* )?:/, '')}`, 160) };
    if (cmd === 'ERROR' && rest.startsWith(':')) return { hard: false, info: clean(rest.slice(1), 80) };
    if (cmd === 'PING' && prefix === undefined && rest.startsWith(':')) return { hard: false, info: 'PING cookie' };
    if (/^\d{3}$/.test(cmd) && prefix !== undefined) return { ...ircdVersion(b), info: `server ${server}` };
    return null;
  },
};

const HTTP_STATUS = /^HTTP\/(\d)\.(\d) (\d{3})(?: (.*))?$/;

export const HTTP_RESPONSE: Matcher = {
  id: 'http-response',
  protocol: 'http',
  first: 'H',
  hard: true,
  note: 'HTTP/1.x status line (unsolicited only after an idle timeout, e.g. 408); Server header names the product.',
  source: 'RFC 9112 section 4',
  test(b) {
    if (!startsWithAscii(b, 'HTTP/')) return null;
    const line = firstLine(b, 1024);
    const m = HTTP_STATUS.exec(line.text);
    if (!m || !line.complete) return null;
    const head = latin1(b, 0, 8192);
    const server = /\r?\nserver:[ \t]*([^\r\n]*)/i.exec(head)?.[1];
    let product: string | null = null;
    let version: string | null = null;
    if (server !== undefined) {
      const pv = /^([^\/\s]+)(?:\/(\S+))?/.exec(server);
      product = clean(pv?.[1] ?? server, 60) || null;
      version = pv?.[2] === undefined ? null : clean(pv[2], 40);
    }
    return { product, version, info: clean(`HTTP/${m[1]}.${m[2]} ${m[3]}${m[4] ? ` ${m[4]}` : ''}`, 80) };
  },
};

export const TELNET_PROMPT: Matcher = {
  id: 'telnet-login-prompt',
  protocol: 'telnet',
  hard: false,
  note: 'A login prompt without IAC negotiation (login:, Username:, User Access Verification).',
  source: 'docs/protocols.md',
  test(b) {
    const text = latin1(b, 0, 1024);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x0a && c !== 0x0d && c !== 0x09 && (c < 0x20 || c >= 0x7f)) return null;
    }
    if (/(?:^|\n)\s*(?:[\w.-]+ )?(?:login|username|user name)\s*:\s*$/i.test(text) || /User Access Verification/.test(text)) {
      return { info: clean(text.trim().split(/\r?\n/).pop() ?? '', 60) };
    }
    return null;
  },
};
