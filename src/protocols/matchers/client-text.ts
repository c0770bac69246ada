/**
 * Client-first text openings (docs/protocols.md):
 * one anchored line (or pkt-line) at a time.
 */
import type { Matcher } from '../types.js';
import { clean, firstLine, latin1, startsWithAscii } from '../bytes.js';
import { UPPER, LOWER } from './first-bytes.js';

export const SSH_CLIENT_IDENT: Matcher = {
  id: 'ssh-client-ident',
  protocol: 'ssh',
  first: 'S',
  hard: true,
  note: 'The client identification line SSH-2.0-<software> CR LF, sent at connect by OpenSSH clients.',
  source: 'RFC 4253 section 4.2',
  test(b) {
    if (!startsWithAscii(b, 'SSH-')) return null;
    const line = firstLine(b, 255);
    const m = /^SSH-(\d+\.\d+)-(\S+)(?: (.*))?$/.exec(line.text);
    if (!m || !line.complete) return null;
    const sw = /^([A-Za-z][A-Za-z0-9.]*?)[_-](\d[\w.+~-]*)$/.exec(m[2] ?? '');
    return { product: clean(sw?.[1] ?? m[2] ?? '', 60), version: sw ? clean(sw[2] ?? '', 60) : null, info: `SSH protocol ${m[1]}` };
  },
};

export const RSYNC_CLIENT: Matcher = {
  id: 'rsync-client-greeting',
  protocol: 'rsync',
  first: '@',
  hard: true,
  note: 'The client writes its own @RSYNCD: <version> LF at connect.',
  source: 'docs/protocols.md',
  test(b) {
    const m = /^@RSYNCD: (\d+)\.(\d+)(?: [^\n]*)?\n/.exec(latin1(b, 0, 256));
    return m ? { product: 'rsync', version: `protocol ${m[1]}.${m[2]}` } : null;
  },
};

export const RFB_CLIENT: Matcher = {
  id: 'vnc-rfb-client-version',
  protocol: 'vnc',
  first: 'R',
  hard: true,
  note: 'The viewer echoes RFB xxx.yyy LF (only after the server greeting).',
  source: 'RFC 6143 section 7.1.1',
  test(b) {
    const m = /^RFB (\d{3})\.(\d{3})\n/.exec(latin1(b, 0, 12));
    return m ? { version: `${Number(m[1])}.${Number(m[2])}` } : null;
  },
};

export const XMPP_STREAM: Matcher = {
  id: 'xmpp-stream-header',
  protocol: 'xmpp',
  first: '< \t\r\n',
  hard: true,
  note: 'Optional <?xml ...?>, then <stream:stream with the http://etherx.jabber.org/streams namespace.',
  source: 'RFC 6120 section 4.7',
  test(b) {
    const text = latin1(b, 0, 2048);
    if (!/^\s*(?:<\?xml[^>]*\?>\s*)?<stream:stream[\s>]/.test(text)) return null;
    const kind = /jabber:server/.test(text) ? 'server-to-server' : /jabber:component/.test(text) ? 'component' : 'client-to-server';
    return text.includes('http://etherx.jabber.org/streams') ? { info: kind } : { hard: false, info: kind };
  },
};

export const GIT_PKT_LINE: Matcher = {
  id: 'git-pkt-line-request',
  protocol: 'git',
  first: '0123456789abcdef',
  hard: true,
  note: 'pkt-line: 4 hex digits (= line length) + git-upload-pack|receive-pack|upload-archive SP path NUL.',
  source: 'git Documentation/gitprotocol-pack.txt',
  test(b) {
    const text = latin1(b, 0, 1024);
    const m = /^([0-9a-f]{4})git-(upload-pack|receive-pack|upload-archive) ([^\0]+)\0/.exec(text);
    if (!m) return null;
    const len = parseInt(m[1] ?? '0', 16);
    if (len < m[0].length || len > 65520) return null;
    const v2 = text.slice(0, len).includes('\0version=2\0');
    return { version: v2 ? '2' : null, info: clean(`git-${m[2]} ${m[3]}`, 100) };
  },
};

/** ZooKeeper four-letter words (3.8 list); the server reads them as an int32 "length". */
const ZK_WORDS = /^(ruok|srvr|stat|mntr|conf|cons|crst|dump|envi|srst|wchs|wchc|wchp|dirs|isro|gtmk|stmk|hash)\r?\n?$/;

export const ZK_FOUR_LETTER: Matcher = {
  id: 'zookeeper-four-letter-word',
  protocol: 'zookeeper',
  first: LOWER,
  hard: true,
  note: 'Exactly one four-letter word (ruok, srvr, mntr, stat, ...), optionally with a newline.',
  source: 'ZooKeeper FourLetterCommands.java',
  test(b) {
    if (b.length < 4 || b.length > 6) return null;
    const m = ZK_WORDS.exec(latin1(b));
    return m ? { info: `four-letter word ${m[1]}` } : null;
  },
};

export const REDIS_RESP_ARRAY: Matcher = {
  id: 'redis-resp-array',
  protocol: 'redis',
  first: '*',
  hard: true,
  note: 'RESP array of bulk strings: *<n> CR LF $<len> CR LF <command> CR LF.',
  source: 'Redis RESP specification',
  test(b) {
    const m = /^\*([1-9]\d{0,6})\r\n\$(\d{1,10})\r\n/.exec(latin1(b, 0, 32));
    if (!m) return null;
    const n = Number(m[2]);
    if (n < 1 || n > 64) return null;
    const cmdAt = m[0].length;
    const cmd = latin1(b, cmdAt, cmdAt + n);
    if (cmd.length === n && !/^[A-Za-z][A-Za-z0-9_|.-]*$/.test(cmd)) return null;
    return { info: cmd.length === n ? clean(`command ${cmd.toUpperCase()}`, 60) : null };
  },
};

const BEANSTALK_ONLY =
  /^(put \d+ \d+ \d+ \d+|use \S+|reserve(?:-with-timeout \d+)?|reserve-job \d+|release \d+ \d+ \d+|bury \d+ \d+|ignore \S+|peek(?:-ready|-delayed|-buried| \d+)|kick \d+|kick-job \d+|stats-job \d+|stats-tube \S+|list-tubes(?:-watched)?|list-tube-used|pause-tube \S+ \d+)$/;

export const BEANSTALKD_COMMAND: Matcher = {
  id: 'beanstalkd-command',
  protocol: 'beanstalkd',
  first: LOWER,
  hard: true,
  note: 'A beanstalkd-only command line (put, use, reserve, peek, kick, list-tubes, ...) ending CR LF.',
  source: 'beanstalkd doc/protocol.txt',
  test(b) {
    const line = firstLine(b, 512);
    if (!line.complete || !latin1(b, 0, line.text.length + 2).endsWith('\r\n')) return null;
    const m = BEANSTALK_ONLY.exec(line.text);
    return m ? { info: clean(`command ${line.text.split(' ')[0]}`) } : null;
  },
};

const MEMCACHED_TEXT =
  /^(get|gets|gat|gats|set|add|replace|append|prepend|cas|incr|decr|delete|touch|stats|version|flush_all|verbosity|quit|lru_crawler|watch|mg|ms|md|ma|mn|me)(?: [^\r\n]*)?$/;
/** Also beanstalkd (or Redis inline) commands with the same spelling: only a soft memcached match. */
const MEMCACHED_SHARED = new Set(['stats', 'quit', 'watch', 'delete', 'touch']);

export const MEMCACHED_TEXT_COMMAND: Matcher = {
  id: 'memcached-text-command',
  protocol: 'memcached',
  first: LOWER,
  hard: true,
  note: 'A lower-case memcached text command ending CR LF; storage commands need <key> <flags> <exptime> <bytes>.',
  source: 'memcached doc/protocol.txt',
  test(b) {
    const line = firstLine(b, 2048);
    if (!line.complete || !latin1(b, 0, line.text.length + 2).endsWith('\r\n')) return null;
    const m = MEMCACHED_TEXT.exec(line.text);
    if (!m) return null;
    const cmd = m[1] ?? '';
    if (['set', 'add', 'replace', 'append', 'prepend'].includes(cmd) && !/^\S+ \S+ \d+ -?\d+ \d+(?: noreply)?$/.test(line.text)) return null;
    if (cmd === 'cas' && !/^cas \S+ \d+ -?\d+ \d+ \d+(?: noreply)?$/.test(line.text)) return null;
    const shared = MEMCACHED_SHARED.has(cmd);
    return { hard: !shared, info: `command ${cmd}` };
  },
};

/** Redis commands a person or a simple client may send inline (the common ones). */
const REDIS_INLINE = new Set([
  'PING', 'AUTH', 'HELLO', 'INFO', 'SELECT', 'CLIENT', 'COMMAND', 'QUIT', 'GET', 'SET', 'DEL', 'EXISTS', 'KEYS', 'SCAN', 'SUBSCRIBE',
  'PSUBSCRIBE', 'MONITOR', 'CONFIG', 'FLUSHALL', 'FLUSHDB', 'DBSIZE', 'ECHO', 'TYPE', 'TTL', 'EXPIRE', 'INCR', 'DECR', 'LPUSH', 'RPUSH',
  'LRANGE', 'HGET', 'HSET', 'HGETALL', 'SADD', 'SMEMBERS', 'ZADD', 'ZRANGE', 'PUBLISH', 'MULTI', 'EXEC', 'REPLICAOF', 'SLAVEOF',
  'SYNC', 'PSYNC', 'CLUSTER', 'READONLY', 'ROLE', 'SENTINEL', 'SHUTDOWN', 'SAVE', 'BGSAVE', 'LASTSAVE', 'TIME', 'MGET', 'MSET',
]);

/** Lower-case inline words no other text protocol here uses. */
const REDIS_ONLY_LOWER = new Set(['ping', 'auth', 'info', 'select', 'monitor', 'keys', 'exists', 'del', 'dbsize', 'replicaof', 'slaveof', 'psync']);

export const REDIS_INLINE_COMMAND: Matcher = {
  id: 'redis-inline-command',
  protocol: 'redis',
  first: UPPER + LOWER,
  hard: false,
  note: 'An inline command line (PING, INFO server, AUTH ...) from the common Redis command list; upper-case or a Redis-only word.',
  source: 'docs/protocols.md',
  test(b) {
    const line = firstLine(b, 1024);
    if (!line.complete) return null;
    const m = /^([A-Za-z]{2,30})(?: [^\r\n]*)?$/.exec(line.text);
    if (!m) return null;
    const word = m[1] ?? '';
    const upper = word.toUpperCase();
    if (!REDIS_INLINE.has(upper)) return null;
    // Lower-case words that memcached or beanstalkd also have belong to them; an HTTP request line,
    // a NATS INFO {json} or a STOMP frame is not an inline command.
    if (word !== upper && !REDIS_ONLY_LOWER.has(word)) return null;
    if (/ HTTP\/\d\.\d$/.test(line.text) || /^\w+ \{/.test(line.text)) return null;
    // FTP's AUTH TLS is not a Redis AUTH.
    if (/^AUTH (?:TLS|SSL|TLS-C)$/i.test(line.text)) return null;
    return { hard: word === upper && ['PING', 'HELLO', 'AUTH', 'INFO', 'SELECT', 'MONITOR', 'REPLICAOF', 'PSYNC', 'SENTINEL'].includes(upper), info: `inline ${upper}` };
  },
};

export const IRC_CLIENT: Matcher = {
  id: 'irc-client-registration',
  protocol: 'irc',
  first: 'CNUP',
  hard: true,
  note: 'CAP LS [302], NICK x, USER x x x :real, or PASS x as the first line.',
  source: 'RFC 2812 section 3.1, IRCv3 capability negotiation',
  test(b) {
    const line = firstLine(b, 512);
    if (!line.complete) return null;
    const m = /^(CAP LS(?: \d+)?|NICK \S+|USER \S+ \S+ \S+ :.*|PASS \S+)$/.exec(line.text);
    if (!m) return null;
    return { hard: !line.text.startsWith('PASS'), info: clean(line.text.split(' ').slice(0, 2).join(' '), 60) };
  },
};

export const NATS_CONNECT: Matcher = {
  id: 'nats-client-connect',
  protocol: 'nats',
  first: 'C',
  hard: true,
  note: 'CONNECT {json} CR LF (a NATS client after INFO).',
  source: 'docs/protocols.md',
  test(b) {
    if (!startsWithAscii(b, 'CONNECT {')) return null;
    const line = firstLine(b, 4096);
    if (!line.complete) return { hard: false, info: 'CONNECT line not complete' };
    const lang = /"lang"\s*:\s*"([^"]{1,20})"/.exec(line.text)?.[1];
    const version = /"version"\s*:\s*"([^"]{1,20})"/.exec(line.text)?.[1];
    return { info: lang ? clean(`client ${lang}${version ? ` ${version}` : ''}`) : null };
  },
};

export const STOMP_CONNECT: Matcher = {
  id: 'stomp-connect-frame',
  protocol: 'stomp',
  first: 'CS',
  hard: true,
  note: 'CONNECT or STOMP command line, then header lines (accept-version:, host:, login:).',
  source: 'STOMP 1.2 specification, "Connecting"',
  test(b) {
    const text = latin1(b, 0, 1024);
    const m = /^(CONNECT|STOMP)\r?\n((?:[^:\r\n\0]+:[^\r\n\0]*\r?\n)*)(\r?\n|$)/.exec(text);
    if (!m) return null;
    const headers = m[2] ?? '';
    if (headers === '' && m[3] === '') return null;
    const ver = /(?:^|\n)accept-version:([^\r\n]*)/.exec(headers)?.[1];
    const known = /(?:^|\n)(?:accept-version|host|login|passcode|heart-beat):/.test(headers);
    if (!known) return null;
    return { version: ver === undefined ? null : clean(ver, 30), info: m[1] ?? null };
  },
};
