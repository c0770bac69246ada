/**
 * Classic inetd services, news, mail delivery and filtering, music players, version control,
 * monitoring agents, GPS and time, block devices, telephony and other services that servers commonly
 * run (issue 11). Each entry cites the protocol's specification or the server's own source; the
 * facts are summarised in docs/protocols.md.
 */
import type { ProtocolEntry } from '../types.js';

const NONE = { tlsPorts: [], starttls: false, images: [] } as const;

export const SERVICE_ENTRIES: readonly ProtocolEntry[] = [
  {
    id: 'echo', name: 'Echo', ports: [7], firstSpeaker: 'client', clientWaitsForGreeting: false, ...NONE, portNames: ['echo'],
    note: 'Sends back whatever it receives and nothing else. A reply that repeats our own probe identifies only this, never the protocol the probe spoke.',
    source: 'RFC 862',
  },
  {
    id: 'daytime', name: 'Daytime', ports: [13], firstSpeaker: 'server', clientWaitsForGreeting: false, ...NONE, portNames: ['daytime'],
    note: 'Writes the date and time as one human-readable line at connect and closes; the format is not specified (ctime style on inetd).',
    source: 'RFC 867',
  },
  {
    id: 'chargen', name: 'Character Generator', ports: [19], firstSpeaker: 'server', clientWaitsForGreeting: false, ...NONE, portNames: ['chargen'],
    note: 'Writes an endless stream of 72-character lines at connect, each the 95 printable ASCII characters rotated one further than the line before; the probe keeps only a bounded greeting.',
    source: 'RFC 864',
  },
  {
    id: 'nntp', name: 'NNTP (Usenet news)', ports: [119], firstSpeaker: 'server', clientWaitsForGreeting: true, tlsPorts: [563], starttls: true,
    portNames: ['nntp', 'nntps'], images: ['inn', 'inn2'],
    note: 'The server greets with 200 (posting allowed) or 201 (no posting), or 400/502 when it refuses; CAPABILITIES answers 101 with VERSION 2. Clients wait for the greeting.',
    source: 'RFC 3977 sections 5.1 and 5.2; RFC 4642 (STARTTLS)',
  },
  {
    id: 'dict', name: 'DICT (dictionary server)', ports: [2628], firstSpeaker: 'server', clientWaitsForGreeting: true, ...NONE, portNames: ['dict'], images: [],
    note: 'The banner is 220 text, a capabilities list in angle brackets and a message id <...@host> in angle brackets; a 220 alone is shared with SMTP and FTP. SHOW SERVER answers 114.',
    source: 'RFC 2229 sections 3.1 and 3.10; dictd dictd.c',
  },
  {
    id: 'lmtp', name: 'LMTP (local mail delivery)', ports: [24, 2003], firstSpeaker: 'server', clientWaitsForGreeting: true, ...NONE, portNames: ['lmtp'], images: [],
    note: 'SMTP framing (220 greeting, LHLO instead of EHLO) between an MTA and a mailbox store such as Dovecot or Cyrus; the greeting usually says LMTP.',
    source: 'RFC 2033 section 4',
  },
  {
    id: 'managesieve', name: 'ManageSieve', ports: [4190], firstSpeaker: 'server', clientWaitsForGreeting: true, tlsPorts: [], starttls: true, portNames: ['sieve', 'managesieve'], images: [],
    note: 'The greeting is the capability list, one quoted name per line ("IMPLEMENTATION", "SIEVE", "SASL"...), ending with an OK line. Clients wait for it.',
    source: 'RFC 5804 sections 1.7 and 2.4',
  },
  {
    id: 'mpd', name: 'MPD (Music Player Daemon)', ports: [6600], firstSpeaker: 'server', clientWaitsForGreeting: true, ...NONE, portNames: ['mpd'], images: ['mpd'],
    note: 'Greets with OK MPD <protocol version> LF; clients (mpc, ncmpcpp) read it before their first command.',
    source: 'MusicPlayerDaemon/MPD doc/protocol.rst (Protocol overview); src/client/Client.cxx',
  },
  {
    id: 'svn', name: 'Subversion (svnserve)', ports: [3690], firstSpeaker: 'server', clientWaitsForGreeting: true, ...NONE, portNames: ['svn', 'svnserve'], images: [],
    note: 'svnserve greets with ( success ( minver maxver ( mechs ) ( capabilities ) ) ) in its S-expression syntax; the client waits for it and answers with its own version.',
    source: 'apache/subversion subversion/libsvn_ra_svn/protocol (section 3.1 Initial handshake)',
  },
  {
    id: 'munin', name: 'Munin node', ports: [4949], firstSpeaker: 'server', clientWaitsForGreeting: true, ...NONE, portNames: ['munin'], images: ['munin-node'],
    note: 'munin-node greets with # munin node at <hostname> LF; the master reads it before cap/list/fetch.',
    source: 'munin-monitoring/munin lib/Munin/Node/Server.pm (_net_read greeting)',
  },
  {
    id: 'gpsd', name: 'gpsd', ports: [2947], firstSpeaker: 'server', clientWaitsForGreeting: false, ...NONE, portNames: ['gpsd'], images: ['gpsd'],
    note: 'Sends a JSON VERSION object ({"class":"VERSION","release":...}) at connect; clients send ?WATCH at once without waiting for it.',
    source: 'gpsd gpsd_json(5) (VERSION object); gpsd/gpsd.c',
  },
  {
    id: 'nbd', name: 'NBD (network block device)', ports: [10809], firstSpeaker: 'server', clientWaitsForGreeting: true, ...NONE, portNames: ['nbd'], images: [],
    note: 'The server starts the handshake: NBDMAGIC then IHAVEOPT (newstyle) or the oldstyle magic 00 00 42 02 81 86 12 53; clients wait for it.',
    source: 'NetworkBlockDevice/nbd doc/proto.md (Handshake)',
  },
  {
    id: 'asterisk-ami', name: 'Asterisk Manager Interface', ports: [5038], firstSpeaker: 'server', clientWaitsForGreeting: true, ...NONE, portNames: ['ami'], images: ['asterisk'],
    note: 'Greets with Asterisk Call Manager/<version> CR LF before the client logs in.',
    source: 'asterisk/asterisk main/manager.c (session_do: "Asterisk Call Manager/%s")',
  },
  {
    id: 'freeswitch-esl', name: 'FreeSWITCH event socket', ports: [8021], firstSpeaker: 'server', clientWaitsForGreeting: true, ...NONE, portNames: ['esl'], images: ['freeswitch'],
    note: 'The inbound event socket writes Content-Type: auth/request and a blank line; the client answers auth <password>.',
    source: 'signalwire/freeswitch src/mod/event_handlers/mod_event_socket/mod_event_socket.c',
  },
  {
    id: 'varnish-cli', name: 'Varnish CLI', ports: [6082], firstSpeaker: 'server', clientWaitsForGreeting: true, ...NONE, portNames: ['varnish-admin'], images: ['varnish'],
    note: 'varnishd -T writes a status line (107 <len> with a 32-character challenge when a secret is set, 200 otherwise) and a banner naming Varnish Cache CLI.',
    source: 'varnishcache/varnish-cache bin/varnishd/mgt/mgt_cli.c; varnish-cli(7)',
  },
  {
    id: 'tarantool', name: 'Tarantool (binary protocol)', ports: [3301], firstSpeaker: 'server', clientWaitsForGreeting: true, ...NONE, portNames: ['tarantool'], images: ['tarantool'],
    note: 'Greets with 128 bytes: Tarantool <version> (Binary) <instance uuid> padded to 64, then a base64 salt line padded to 64.',
    source: 'tarantool/tarantool doc (Binary protocol, Greeting message); src/box/iproto.cc',
  },
  {
    id: 'checkmk-agent', name: 'Checkmk agent', ports: [6556], firstSpeaker: 'server', clientWaitsForGreeting: false, ...NONE, portNames: ['checkmk'], images: [],
    note: 'The agent writes its whole report at connect, starting <<<check_mk>>> and Version:, then closes; the monitoring server sends nothing.',
    source: 'Checkmk/checkmk agents/check_mk_agent.linux (section_checkmk)',
  },
  {
    id: 'ganglia', name: 'Ganglia gmond', ports: [8649], firstSpeaker: 'server', clientWaitsForGreeting: false, ...NONE, portNames: ['gmond'], images: [],
    note: 'gmond dumps its XML cluster state (<!DOCTYPE GANGLIA_XML ...) at connect and closes.',
    source: 'ganglia/monitor-core gmond/gmond.c (process_tcp_accept_channel)',
  },
  {
    id: 'hddtemp', name: 'hddtemp daemon', ports: [7634], firstSpeaker: 'server', clientWaitsForGreeting: false, ...NONE, portNames: ['hddtemp'], images: [],
    note: 'Writes |device|model|temperature|unit| records at connect and closes.',
    source: 'hddtemp src/daemon.c (daemon_send_msg)',
  },
  {
    id: 'java-rmi', name: 'Java RMI', ports: [1099], firstSpeaker: 'client', clientWaitsForGreeting: false, ...NONE, portNames: ['rmi'], images: [],
    note: 'The client writes JRMI, version 2 and a protocol byte; the registry answers ProtocolAck (4e) with the host and port it sees.',
    source: 'Java Object Serialization / RMI specification, chapter 10 (RMI Wire Protocol)',
  },
  {
    id: 'ident', name: 'Ident', ports: [113], firstSpeaker: 'client', clientWaitsForGreeting: false, ...NONE, portNames: ['ident', 'auth'], images: [],
    note: 'The client sends <port>, <port>; the server answers <port> , <port> : USERID|ERROR : ...; a query for ports nobody uses gets ERROR : NO-USER or INVALID-PORT.',
    source: 'RFC 1413 section 6',
  },
  {
    id: 'spamd', name: 'SpamAssassin spamd', ports: [783], firstSpeaker: 'client', clientWaitsForGreeting: false, ...NONE, portNames: ['spamd'], images: [],
    note: 'spamc sends a request line (PING SPAMC/1.5); spamd answers SPAMD/<version> 0 PONG.',
    source: 'apache/spamassassin spamd/PROTOCOL',
  },
  {
    id: 'clamd', name: 'ClamAV clamd', ports: [3310], firstSpeaker: 'client', clientWaitsForGreeting: false, ...NONE, portNames: ['clamd'], images: ['clamav'],
    note: 'Commands are prefixed z (NUL-terminated) or n (newline-terminated); zVERSION answers ClamAV <version>/<signatures>/<date>.',
    source: 'Cisco-Talos/clamav docs clamd(8) (COMMANDS)',
  },
  {
    id: 'zabbix-agent', name: 'Zabbix agent', ports: [10050, 10051], firstSpeaker: 'client', clientWaitsForGreeting: false, ...NONE, portNames: ['zabbix-agent', 'zabbix-trapper'], images: ['zabbix-agent', 'zabbix-agent2'],
    note: 'Every message is framed ZBXD 01 + 8-byte little-endian length; the server or proxy asks for an item key (agent.version) and the agent answers in the same frame.',
    source: 'zabbix/zabbix src/libs/zbxcomms/comms.c (ZBX_TCP_HEADER); Zabbix manual, Header and data length',
  },
  {
    id: 'nut', name: 'Network UPS Tools upsd', ports: [3493], firstSpeaker: 'client', clientWaitsForGreeting: false, ...NONE, portNames: ['nut', 'upsd'], images: [],
    note: 'A line protocol; VER answers Network UPS Tools upsd <version> and a URL.',
    source: 'networkupstools/nut docs/net-protocol.txt (VER)',
  },
  {
    id: 'gearman', name: 'Gearman job server', ports: [4730], firstSpeaker: 'client', clientWaitsForGreeting: false, ...NONE, portNames: ['gearman'], images: ['gearmand'],
    note: 'Binary requests start \\0REQ; the text admin protocol on the same port answers version with OK <version>.',
    source: 'gearman/gearmand PROTOCOL (Administrative Protocol)',
  },
  {
    id: 'onc-rpc', name: 'ONC RPC (rpcbind, NFS)', ports: [111, 2049], firstSpeaker: 'client', clientWaitsForGreeting: false, ...NONE, portNames: ['rpcbind', 'sunrpc', 'nfs'], images: [],
    note: 'Over TCP each message has a record mark (last-fragment bit and length); a NULL call gets a REPLY with the caller\'s xid from rpcbind, or PROG_UNAVAIL/PROG_MISMATCH from other RPC services.',
    source: 'RFC 5531 sections 9 and 11 (record marking); RFC 1833 (rpcbind)',
  },
  {
    id: 'tor-control', name: 'Tor control port', ports: [9051], firstSpeaker: 'client', clientWaitsForGreeting: false, ...NONE, portNames: ['tor-control'], images: [],
    note: 'PROTOCOLINFO may be sent before authenticating and answers 250-PROTOCOLINFO with the auth methods and Tor version.',
    source: 'torproject/torspec control-spec.txt (3.21 PROTOCOLINFO)',
  },
  {
    id: 'x11', name: 'X11', ports: [6000, 6001, 6002], firstSpeaker: 'client', clientWaitsForGreeting: false, ...NONE, portNames: ['x11'], images: [],
    note: 'The client opens with its byte order (l or B), protocol 11.0 and its auth data; the server answers Failed (0), Success (1) or Authenticate (2) with protocol 11.0.',
    source: 'X Window System Protocol, section 8 (Connection Setup)',
  },
  {
    id: 'rtsp', name: 'RTSP', ports: [554, 8554], firstSpeaker: 'client', clientWaitsForGreeting: false, ...NONE, portNames: ['rtsp'], images: [],
    note: 'HTTP-like requests with RTSP/1.0 (OPTIONS, DESCRIBE...); the answer starts RTSP/1.0 <status> and echoes CSeq.',
    source: 'RFC 2326 sections 6 and 7 (RTSP 1.0)',
  },
  {
    id: 'gopher', name: 'Gopher', ports: [70], firstSpeaker: 'client', clientWaitsForGreeting: false, ...NONE, portNames: ['gopher'], images: [],
    note: 'The client sends a selector line (empty for the root); the server answers menu lines <type><text> TAB <selector> TAB <host> TAB <port> and a final dot.',
    source: 'RFC 1436 section 3',
  },
];
