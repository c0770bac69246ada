/**
 * Greetings of the classic and service protocols added in issue 11 (entries/services.ts). Each
 * matcher names its protocol only on a feature no other protocol's greeting has; the sources are
 * the specifications and server sources cited per matcher. Anchored at byte 0, bounded.
 */
import type { Matcher, MatchDetail } from '../types.js';
import { allPrintable, clean, firstLine, indexOfByte, latin1, startsWithAscii } from '../bytes.js';

const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*';
/** A line that is only a date and a time (ctime, RFC 5322, ISO 8601, NIST ACTS styles). */
const DATE_ONLY = new RegExp(
  `^(?:${WEEKDAY},? +${MONTH} +\\d{1,2} +\\d\\d:\\d\\d:\\d\\d(?: +[A-Z]{2,5})? +\\d{4}` +
    `|${WEEKDAY}, +\\d{1,2} +${MONTH} +\\d{4} +\\d\\d:\\d\\d:\\d\\d(?: +[-+]\\d{4}| +[A-Z]{2,5})?` +
    `|${WEEKDAY},? +${MONTH} +\\d{1,2}, +\\d{4} +\\d\\d:\\d\\d:\\d\\d(?:-[A-Z]{2,5})?` +
    `|\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[-+]\\d\\d:?\\d\\d)?` +
    `|\\d{5} \\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\d\\d \\d \\d [\\d.]+ UTC\\(NIST\\) \\*)$`,
);

export const DAYTIME_LINE: Matcher = {
  id: 'daytime-line',
  protocol: 'daytime',
  hard: true,
  note: 'One line that holds only a date and a time (ctime, RFC 5322, ISO 8601 or NIST style), nothing else.',
  source: 'RFC 867; inetd daytime_stream (ctime format)',
  test(b) {
    if (b.length > 96) return null;
    const line = firstLine(b, 96);
    if (!line.complete) return null;
    const rest = latin1(b, indexOfByte(b, 0x0a) + 1);
    if (rest.replace(/[\r\n\0]/g, '') !== '') return null;
    const text = line.text.trim();
    return DATE_ONLY.test(text) ? { info: clean(text, 60) } : null;
  },
};

/** The next character of the RFC 864 rotating pattern (the 95 printable ASCII characters). */
function nextChargen(c: number): number {
  return c === 0x7e ? 0x20 : c + 1;
}

export const CHARGEN_LINES: Matcher = {
  id: 'chargen-lines',
  protocol: 'chargen',
  hard: true,
  note: 'A 72-character line of consecutive printable ASCII characters (wrapping from ~ to space), then CR LF; the next line starts one character further.',
  source: 'RFC 864 (the suggested line pattern)',
  test(b) {
    if (b.length < 74 || !allPrintable(b, 0, 72) || b[72] !== 0x0d || b[73] !== 0x0a) return null;
    for (let i = 1; i < 72; i++) if (b[i] !== nextChargen(b[i - 1] as number)) return null;
    if (b.length > 74 && b[74] !== nextChargen(b[0] as number)) return null;
    return { info: 'rotating 72-character lines' };
  },
};

const NNTP_WORD = /\b(?:NNTP|NNRP|news(?:server)?|InterNetNews|INN|Leafnode|Diablo|Typhoon|nntpd)\b/i;

export const NNTP_GREETING: Matcher = {
  id: 'nntp-greeting',
  protocol: 'nntp',
  first: '2',
  hard: true,
  note: '200 or 201 greeting line; named when the text says news/NNTP or an NNTP product, otherwise only a candidate (CAPABILITIES confirms).',
  source: 'RFC 3977 section 5.1',
  test(b) {
    const line = firstLine(b, 1024);
    if (!line.complete) return null;
    const m = /^(200|201) (.*)$/.exec(line.text);
    if (!m) return null;
    const text = m[2] ?? '';
    const inn = /\bINN ?(\d+\.\d+(?:\.\d+)?)/.exec(text);
    const posting = m[1] === '200' ? 'posting allowed' : 'no posting';
    if (!NNTP_WORD.test(text)) return { hard: false, info: clean(`${m[1]} ${text}`, 100) };
    return { product: inn ? 'INN' : /Leafnode/i.test(text) ? 'Leafnode' : null, version: inn?.[1] ?? null, info: posting };
  },
};

export const DICT_BANNER: Matcher = {
  id: 'dict-banner',
  protocol: 'dict',
  first: '2',
  hard: true,
  note: '220 text <capabilities> <msg-id>: the two angle-bracket groups at the end, the second holding @, are DICT only.',
  source: 'RFC 2229 section 3.1; dictd dictd.c (banner)',
  test(b) {
    const line = firstLine(b, 1024);
    if (!line.complete) return null;
    const m = /^220 (.*?) ?<([\w.-]*)> <([^<>\s@]*@[^<>\s]*)>\s*$/.exec(line.text);
    if (!m) return null;
    const d = /\bdictd (\d[\w.\/-]*)/.exec(m[1] ?? '');
    return { product: d ? 'dictd' : null, version: d?.[1]?.replace(/\/.*$/, '') ?? null, info: clean(`capabilities <${m[2]}>`, 80) };
  },
};

export const MANAGESIEVE_CAPS: Matcher = {
  id: 'managesieve-capabilities',
  protocol: 'managesieve',
  first: '"',
  hard: true,
  note: 'The greeting is the capability list: quoted "IMPLEMENTATION", "SIEVE", "SASL", "STARTTLS" or "VERSION" lines.',
  source: 'RFC 5804 sections 1.7 and 1.8',
  test(b) {
    const line = firstLine(b, 1024);
    if (!line.complete) return null;
    const m = /^"(IMPLEMENTATION|SIEVE|SASL|STARTTLS|VERSION|NOTIFY|MAXREDIRECTS|LANGUAGE|OWNER)"(?: "([^"]*)")?$/i.exec(line.text);
    if (!m) return null;
    const impl = /^"IMPLEMENTATION" "([^"]*)"/im.exec(latin1(b, 0, 4096))?.[1];
    return { product: impl === undefined ? null : clean(impl, 60), info: 'capability list' };
  },
};

export const MPD_GREETING: Matcher = {
  id: 'mpd-greeting',
  protocol: 'mpd',
  first: 'O',
  hard: true,
  note: 'OK MPD <major.minor.patch> LF (the protocol version).',
  source: 'MusicPlayerDaemon/MPD doc/protocol.rst; src/client/Client.cxx (GREETING)',
  test(b) {
    const m = /^OK MPD (\d+\.\d+(?:\.\d+)?)\r?\n/.exec(latin1(b, 0, 64));
    return m ? { product: 'MPD', version: null, info: `protocol ${m[1]}` } : null;
  },
};

export const SVN_GREETING: Matcher = {
  id: 'svn-greeting',
  protocol: 'svn',
  first: '(',
  hard: true,
  note: '( success ( <minver> <maxver> ( <mechs> ) ( <caps> ) ) ): svnserve\'s S-expression greeting.',
  source: 'apache/subversion subversion/libsvn_ra_svn/protocol (Initial handshake)',
  test(b) {
    const m = /^\( success \( (\d+) (\d+) \( ([^()]*)\) \( ([^()]*)\) \) \)/.exec(latin1(b, 0, 2048));
    if (!m) return null;
    return { product: 'svnserve', info: clean(`protocol ${m[1]}-${m[2]}; ${(m[4] ?? '').trim()}`, 160) };
  },
};

export const MUNIN_GREETING: Matcher = {
  id: 'munin-greeting',
  protocol: 'munin',
  first: '#',
  hard: true,
  note: '# munin node at <hostname> LF.',
  source: 'munin-monitoring/munin lib/Munin/Node/Server.pm',
  test(b) {
    const m = /^# munin node at (\S{1,253})\r?\n/.exec(latin1(b, 0, 300));
    return m ? { product: 'munin-node', info: clean(`host ${m[1]}`, 80) } : null;
  },
};

export const GPSD_VERSION: Matcher = {
  id: 'gpsd-version',
  protocol: 'gpsd',
  first: '{',
  hard: true,
  note: 'A JSON object of class VERSION (release, rev, proto_major, proto_minor) on one line.',
  source: 'gpsd gpsd_json(5) (VERSION)',
  test(b) {
    const line = firstLine(b, 2048);
    if (!line.complete || !/^\{"class":"VERSION",/.test(line.text)) return null;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line.text) as Record<string, unknown>;
    } catch {
      return null;
    }
    const release = typeof o['release'] === 'string' ? clean(o['release'], 30) : null;
    return { product: 'gpsd', version: release, info: `protocol ${String(o['proto_major'])}.${String(o['proto_minor'])}` };
  },
};

export const NBD_HANDSHAKE: Matcher = {
  id: 'nbd-handshake',
  protocol: 'nbd',
  first: 'N',
  hard: true,
  note: 'NBDMAGIC followed by IHAVEOPT (newstyle) or 00 00 42 02 81 86 12 53 (oldstyle).',
  source: 'NetworkBlockDevice/nbd doc/proto.md (Handshake)',
  test(b) {
    if (b.length < 16 || !startsWithAscii(b, 'NBDMAGIC')) return null;
    if (startsWithAscii(b, 'IHAVEOPT', 8)) return { info: 'newstyle handshake' };
    const old = [0x00, 0x00, 0x42, 0x02, 0x81, 0x86, 0x12, 0x53];
    return old.every((v, i) => b[8 + i] === v) ? { info: 'oldstyle handshake' } : null;
  },
};

export const ASTERISK_AMI: Matcher = {
  id: 'asterisk-ami-banner',
  protocol: 'asterisk-ami',
  first: 'A',
  hard: true,
  note: 'Asterisk Call Manager/<AMI version> CR LF.',
  source: 'asterisk/asterisk main/manager.c',
  test(b) {
    const m = /^Asterisk Call Manager\/(\d[\w.]*)\r?\n/.exec(latin1(b, 0, 80));
    return m ? { product: 'Asterisk', info: `AMI ${m[1]}` } : null;
  },
};

export const FREESWITCH_ESL: Matcher = {
  id: 'freeswitch-esl-auth',
  protocol: 'freeswitch-esl',
  first: 'C',
  hard: true,
  note: 'Content-Type: auth/request and an empty line.',
  source: 'signalwire/freeswitch mod_event_socket.c',
  test(b) {
    return /^Content-Type: auth\/request\r?\n\r?\n/.test(latin1(b, 0, 64)) ? { product: 'FreeSWITCH', info: 'auth/request' } : null;
  },
};

export const VARNISH_CLI: Matcher = {
  id: 'varnish-cli-banner',
  protocol: 'varnish-cli',
  first: '12',
  hard: true,
  note: 'A CLI status line (107 <len>: a 32-letter challenge and "Authentication required."; 200 <len>: the banner naming Varnish Cache CLI).',
  source: 'varnishcache/varnish-cache bin/varnishd/mgt/mgt_cli.c; varnish-cli(7)',
  test(b) {
    const text = latin1(b, 0, 2048);
    const m = /^(107|200) +(\d+) *\n/.exec(text);
    if (!m) return null;
    if (m[1] === '107' && /^107 +\d+ *\n[a-z]{32}\n\nAuthentication required\./.test(text)) return { product: 'Varnish', info: 'authentication required' };
    const v = /Varnish Cache CLI (\d[\w.]*)/.exec(text);
    if (m[1] === '200' && v) {
      const rel = /varnish-(\d[\w.]*)/.exec(text);
      return { product: 'Varnish', version: rel?.[1] ?? null, info: `CLI ${v[1]}` };
    }
    return null;
  },
};

export const TARANTOOL_GREETING: Matcher = {
  id: 'tarantool-greeting',
  protocol: 'tarantool',
  first: 'T',
  hard: true,
  note: 'Tarantool <version> (Binary|Lua console) [<uuid>], the first 64-byte line of the 128-byte greeting.',
  source: 'tarantool/tarantool doc (Binary protocol: Greeting message)',
  test(b) {
    const m = /^Tarantool (\d[\w.-]*) \((Binary|Lua console)\)(?: ([0-9a-f-]{36}))?/.exec(latin1(b, 0, 64));
    return m ? { product: 'Tarantool', version: m[1] ?? null, info: clean(m[2] ?? '', 20) } : null;
  },
};

export const CHECKMK_AGENT: Matcher = {
  id: 'checkmk-agent-output',
  protocol: 'checkmk-agent',
  first: '<',
  hard: true,
  note: '<<<check_mk>>> then Version: <version>.',
  source: 'Checkmk/checkmk agents/check_mk_agent.linux',
  test(b) {
    const m = /^<<<check_mk>>>\r?\nVersion: (\S{1,40})\r?\n/.exec(latin1(b, 0, 128));
    return m ? { product: 'Checkmk agent', version: m[1] ?? null } : null;
  },
};

export const GANGLIA_XML: Matcher = {
  id: 'ganglia-xml',
  protocol: 'ganglia',
  first: '<',
  hard: true,
  note: 'An XML document whose DOCTYPE or root is GANGLIA_XML.',
  source: 'ganglia/monitor-core gmond/gmond.c',
  test(b) {
    if (!startsWithAscii(b, '<?xml')) return null;
    const text = latin1(b, 0, 4096);
    if (!/<!DOCTYPE GANGLIA_XML\b|<GANGLIA_XML\b/.test(text)) return null;
    const v = /<GANGLIA_XML VERSION="([\w.]{1,20})"/.exec(text)?.[1];
    return { product: 'gmond', version: v ?? null };
  },
};

export const HDDTEMP_RECORD: Matcher = {
  id: 'hddtemp-record',
  protocol: 'hddtemp',
  first: '|',
  hard: true,
  note: '|/dev/<disk>|<model>|<temperature or NA/UNK/SLP/ERR>|<C, F or *>| records.',
  source: 'hddtemp src/daemon.c',
  test(b) {
    const m = /^\|\/dev\/[\w\/.-]{1,40}\|[^|\r\n]{0,80}\|(?:-?\d{1,3}|NA|UNK|SLP|ERR|NOS)\|[CF*]\|/.exec(latin1(b, 0, 512));
    return m ? { product: 'hddtemp' } : null;
  },
};

/** Exported for the order table: after the shared-greeting matchers, before the generic text ones. */
export const SERVICE_BANNERS_EARLY: readonly Matcher[] = [
  MPD_GREETING, SVN_GREETING, MUNIN_GREETING, GPSD_VERSION, NBD_HANDSHAKE, ASTERISK_AMI, FREESWITCH_ESL, TARANTOOL_GREETING, CHECKMK_AGENT, GANGLIA_XML, HDDTEMP_RECORD, MANAGESIEVE_CAPS,
];

/** Must run before the SMTP/FTP reply matcher (they share the three-digit line syntax). */
export const SERVICE_BANNERS_CODES: readonly Matcher[] = [DICT_BANNER, NNTP_GREETING, VARNISH_CLI];

/** Last resort shapes, after every other greeting. */
export const SERVICE_BANNERS_LATE: readonly Matcher[] = [CHARGEN_LINES, DAYTIME_LINE];

export type { MatchDetail };
