/**
 * Samples for the protocols added in issue 11, built from each protocol's specification or the
 * server's source (cited per sample); captured ones come from fixtures/ (record-servers.sh).
 */
import { ascii, concat, hex } from '../../src/protocols/bytes.js';
import type { Sample } from './samples.js';

const chargenLine = (start: number): string => {
  let s = '';
  for (let i = 0; i < 72; i++) s += String.fromCharCode(0x20 + ((start - 0x20 + i) % 95));
  return `${s}\r\n`;
};

export const SERVICE_BANNER_SAMPLES: readonly Sample[] = [
  { name: 'daytime (inetd ctime)', bytes: ascii('Thu Dec  3 18:26:58 2026\r\n'), protocol: 'daytime', signature: 'daytime-line', source: 'RFC 867; inetd daytime_stream' },
  { name: 'daytime (RFC 5322 style)', bytes: ascii('Thursday, December 3, 2026 18:26:58-UTC\n'), protocol: 'daytime', signature: 'daytime-line', source: 'RFC 867 (example format)' },
  { name: 'chargen lines', bytes: ascii(chargenLine(0x21) + chargenLine(0x22)), protocol: 'chargen', signature: 'chargen-lines', source: 'RFC 864' },
  { name: 'INN nnrpd greeting', bytes: ascii('200 news.example.com InterNetNews NNRP server INN 2.7.1 ready (posting ok)\r\n'), protocol: 'nntp', signature: 'nntp-greeting', product: 'INN', version: '2.7.1', source: 'RFC 3977 section 5.1; INN nnrpd greeting' },
  { name: 'dictd banner', bytes: ascii('220 host.example dictd 1.13.0/rf on Linux 6.1.0-18-amd64 <auth.mime> <12.34.1701234567@host.example>\r\n'), protocol: 'dict', signature: 'dict-banner', product: 'dictd', version: '1.13.0', source: 'RFC 2229 section 3.1; dictd dictd.c' },
  { name: 'Cyrus LMTP greeting', bytes: ascii('220 mail.example.com LMTP Cyrus v3.6.1 ready\r\n'), protocol: 'lmtp', signature: 'smtp-ftp-reply', source: 'RFC 2033 section 4' },
  { name: 'Dovecot ManageSieve greeting', bytes: ascii('"IMPLEMENTATION" "Dovecot Pigeonhole"\r\n"SIEVE" "fileinto reject envelope"\r\n"STARTTLS"\r\nOK "Dovecot ready."\r\n'), protocol: 'managesieve', signature: 'managesieve-capabilities', product: 'Dovecot Pigeonhole', source: 'RFC 5804 section 1.7' },
  { name: 'MPD greeting', bytes: ascii('OK MPD 0.23.5\n'), protocol: 'mpd', signature: 'mpd-greeting', info: 'protocol 0.23.5', source: 'MPD doc/protocol.rst' },
  { name: 'svnserve greeting', bytes: ascii('( success ( 2 2 ( ) ( edit-pipeline svndiff1 accepts-svndiff2 absent-entries commit-revprops depth log-revprops atomic-revprops partial-replay inherited-props ephemeral-txnprops file-revs-reverse list ) ) ) '), protocol: 'svn', signature: 'svn-greeting', product: 'svnserve', source: 'subversion libsvn_ra_svn/protocol' },
  { name: 'munin-node greeting', bytes: ascii('# munin node at host.example\n'), protocol: 'munin', signature: 'munin-greeting', info: 'host host.example', source: 'munin Node/Server.pm' },
  { name: 'gpsd VERSION', bytes: ascii('{"class":"VERSION","release":"3.22","rev":"3.22","proto_major":3,"proto_minor":14}\r\n'), protocol: 'gpsd', signature: 'gpsd-version', version: '3.22', source: 'gpsd_json(5)' },
  { name: 'NBD newstyle handshake', bytes: concat(ascii('NBDMAGIC'), ascii('IHAVEOPT'), hex('00 03')), protocol: 'nbd', signature: 'nbd-handshake', info: 'newstyle', source: 'nbd doc/proto.md' },
  { name: 'Asterisk AMI banner', bytes: ascii('Asterisk Call Manager/5.0.2\r\n'), protocol: 'asterisk-ami', signature: 'asterisk-ami-banner', product: 'Asterisk', source: 'asterisk main/manager.c' },
  { name: 'FreeSWITCH event socket', bytes: ascii('Content-Type: auth/request\n\n'), protocol: 'freeswitch-esl', signature: 'freeswitch-esl-auth', source: 'freeswitch mod_event_socket.c' },
  { name: 'Varnish CLI challenge', bytes: ascii('107 59      \nabcdefghijklmnopqrstuvwxyzabcdef\n\nAuthentication required.\n\n'), protocol: 'varnish-cli', signature: 'varnish-cli-banner', product: 'Varnish', source: 'varnish-cli(7)' },
  { name: 'Tarantool greeting', bytes: ascii('Tarantool 2.11.1 (Binary) 7b7f8c5e-1b5e-4d2e-9a2f-0c9d8e7f6a5b  \n'), protocol: 'tarantool', signature: 'tarantool-greeting', version: '2.11.1', source: 'Tarantool binary protocol (Greeting message)' },
  { name: 'Checkmk agent output', bytes: ascii('<<<check_mk>>>\nVersion: 2.2.0p12\nAgentOS: linux\n'), protocol: 'checkmk-agent', signature: 'checkmk-agent-output', version: '2.2.0p12', source: 'checkmk agents/check_mk_agent.linux' },
  { name: 'gmond XML dump', bytes: ascii('<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>\n<!DOCTYPE GANGLIA_XML [\n'), protocol: 'ganglia', signature: 'ganglia-xml', source: 'ganglia gmond/gmond.c' },
  { name: 'hddtemp record', bytes: ascii('|/dev/sda|ST1000DM003-1CH162|35|C|'), protocol: 'hddtemp', signature: 'hddtemp-record', source: 'hddtemp src/daemon.c' },
];

export const SERVICE_REPLY_SAMPLES: readonly Sample[] = [
  { name: 'RMI ProtocolAck', bytes: concat(hex('4e 00 09'), ascii('127.0.0.1'), hex('00 00 c3 50')), protocol: 'java-rmi', signature: 'java-rmi-protocol-ack', info: '127.0.0.1:50000', source: 'Java RMI specification 10.2' },
  { name: 'ident NO-USER', bytes: ascii('1 , 1 : ERROR : NO-USER\r\n'), protocol: 'ident', signature: 'ident-reply', info: 'ERROR', source: 'RFC 1413 section 6' },
  { name: 'spamd PONG', bytes: ascii('SPAMD/1.5 0 PONG\r\n'), protocol: 'spamd', signature: 'spamd-pong', source: 'spamassassin spamd/PROTOCOL' },
  { name: 'clamd VERSION', bytes: ascii('ClamAV 1.0.7/27468/Tue Dec  1 09:27:02 2026\0'), protocol: 'clamd', signature: 'clamd-version', version: '1.0.7', source: 'clamd(8)' },
  { name: 'Zabbix agent.version', bytes: concat(ascii('ZBXD'), hex('01 06 00 00 00 00 00 00 00'), ascii('6.0.14')), protocol: 'zabbix-agent', signature: 'zabbix-header', version: '6.0.14', source: 'zabbix comms.c' },
  { name: 'upsd VER', bytes: ascii('Network UPS Tools upsd 2.8.0 - https://www.networkupstools.org/\n'), protocol: 'nut', signature: 'nut-ver', version: '2.8.0', source: 'nut docs/net-protocol.txt' },
  { name: 'gearmand version', bytes: ascii('OK 1.1.20\n'), protocol: 'gearman', signature: 'gearman-version', version: '1.1.20', source: 'gearmand PROTOCOL' },
  { name: 'rpcbind NULL reply', bytes: concat(hex('80 00 00 18'), hex('70 72 6f 62 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00')), protocol: 'onc-rpc', signature: 'onc-rpc-reply', info: 'SUCCESS', source: 'RFC 5531 section 9' },
  { name: 'Tor PROTOCOLINFO', bytes: ascii('250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE="/run/tor/control.authcookie"\r\n250-VERSION Tor="0.4.9.11"\r\n250 OK\r\n'), protocol: 'tor-control', signature: 'tor-protocolinfo', version: '0.4.9.11', source: 'torspec control-spec.txt' },
  { name: 'X11 refusal', bytes: concat(hex('00 16 0b 00 00 00 06 00'), ascii('No protocol specified\n'), hex('00 00')), protocol: 'x11', signature: 'x11-setup-reply', info: 'No protocol specified', source: 'X11 protocol section 8' },
  { name: 'RTSP OPTIONS reply', bytes: ascii('RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY\r\nServer: GStreamer RTSP server\r\n\r\n'), protocol: 'rtsp', signature: 'rtsp-response', product: 'GStreamer RTSP server', source: 'RFC 2326 section 7.1' },
  { name: 'Gopher root menu', bytes: ascii('iWelcome to gopher\t\terror.host\t1\r\n1Docs\t/docs\tgopher.example\t70\r\n.\r\n'), protocol: 'gopher', signature: 'gopher-menu', source: 'RFC 1436 section 3.8' },
  { name: 'Erlang node status ok', bytes: concat(hex('00 03'), ascii('sok')), protocol: 'erlang-dist', signature: 'erlang-dist-status', info: 'status ok', source: 'erts Distribution Protocol (recv_status)' },
];
