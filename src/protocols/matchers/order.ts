/**
 * The matcher tables, in decision order (first hit wins). The orders follow docs/protocols.md
 * (server greetings) and 0.2 (client first bytes), which separate the formats that collide.
 */
import type { Matcher } from '../types.js';
import * as bt from './banner-text.js';
import * as bb from './banner-binary.js';
import * as cf from './client-framing.js';
import * as cb from './client-binary.js';
import * as cd from './client-databases.js';
import * as ct from './client-text.js';
import * as ca from './client-after-greeting.js';
import * as bs from './banner-services.js';
import * as cs from './client-services.js';

/** Unsolicited server bytes (the NULL probe / banner wait). */
export const BANNER_MATCHERS: readonly Matcher[] = [
  bt.SSH_IDENT,
  bt.RFB_VERSION,
  bt.RSYNC_GREETING,
  bt.NATS_INFO,
  ...bs.SERVICE_BANNERS_EARLY,
  bb.MYSQL_HANDSHAKE,
  bb.MYSQL_ERR,
  bb.MYSQLX_HELLO,
  bb.TELNET_IAC,
  bt.IMAP_GREETING,
  bt.POP3_OK,
  bt.REDIS_REFUSAL,
  bt.POP3_ERR,
  ...bs.SERVICE_BANNERS_CODES,
  bt.SMTP_FTP_REPLY,
  bt.IRC_NOTICE,
  bb.H2_SERVER_SETTINGS,
  bt.HTTP_RESPONSE,
  bt.TELNET_PROMPT,
  ...bs.SERVICE_BANNERS_LATE,
];

/** A client's first bytes (what a detecting proxy reads). */
export const CLIENT_MATCHERS: readonly Matcher[] = [
  cf.PROXY_V2,
  cf.PROXY_V1,
  cf.TLS_CLIENT_HELLO,
  cf.H2_PREFACE_MATCHER,
  cf.HTTP_REQUEST,
  cs.RTSP_REQUEST,
  cs.SPAMC_REQUEST,
  cs.TOR_CONTROL_COMMAND,
  cs.ZABBIX_REQUEST,
  cs.JRMI_HEADER,
  cs.CLAMD_COMMAND,
  cs.ONC_RPC_CALL,
  cs.X11_SETUP,
  cb.AMQP_HEADER,
  cd.ES_TRANSPORT,
  ct.SSH_CLIENT_IDENT,
  ct.RSYNC_CLIENT,
  ct.RFB_CLIENT,
  ct.XMPP_STREAM,
  cb.MQTT_CONNECT,
  cb.SMB_DIRECT,
  cb.NETBIOS_SESSION,
  cb.RDP_CONNECTION_REQUEST,
  cd.TDS_PRELOGIN,
  cd.PG_REQUEST_CODE,
  cd.PG_STARTUP,
  cd.KAFKA_REQUEST,
  cd.ZK_CONNECT,
  cd.MONGO_MESSAGE,
  cd.CQL_FRAME,
  cd.TNS_CONNECT,
  cb.DNS_TCP_QUERY,
  cb.EPMD_REQUEST,
  cb.ERLANG_DIST_NAME,
  cd.CLICKHOUSE_HELLO,
  cb.LDAP_MESSAGE,
  cd.MEMCACHED_BINARY,
  cb.SOCKS4_REQUEST,
  cb.SOCKS5_GREETING,
  cf.SSL2_CLIENT_HELLO,
  ct.GIT_PKT_LINE,
  ct.ZK_FOUR_LETTER,
  ct.REDIS_RESP_ARRAY,
  ct.BEANSTALKD_COMMAND,
  ct.MEMCACHED_TEXT_COMMAND,
  ct.REDIS_INLINE_COMMAND,
  ct.IRC_CLIENT,
  ct.NATS_CONNECT,
  ct.STOMP_CONNECT,
  ca.TELNET_CLIENT_IAC,
  ca.MYSQL_CLIENT_RESPONSE,
  ca.SMTP_CLIENT_HELLO,
  ca.POP3_CLIENT_COMMAND,
  ca.FTP_CLIENT_COMMAND,
  ca.IMAP_CLIENT_COMMAND,
  cs.IDENT_QUERY,
  cs.GEARMAN_REQUEST,
  cs.NUT_COMMAND,
];
