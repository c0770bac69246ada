/**
 * Every time and size the probe uses, with why: the banner window and greeting bounds are in
 * docs/commands/probe.md, the Linkerd proxy's 10 s detect timeout in docs/detection.md.
 */

/** nmap's NULL-probe window (nmap-service-probes `totalwaitms 6000`): raised from 5 s because some SMTP servers pause before greeting on purpose. */
export const DEFAULT_WAIT_MS = 6_000;
/** Long enough for a remote handshake over a slow link, short enough that a black-holed port does not hold the run. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
/** A greeting longer than this is not a greeting; we keep the first 4 KiB and stop reading (memory stays bounded). */
export const GREETING_CAP_BYTES = 4_096;
/** After the first server byte, stop reading once the server has been quiet this long (the greeting is complete). */
export const GREETING_IDLE_MS = 150;
/** Upper bound on reading the rest of a greeting after its first byte (a trickling server cannot hold the probe). */
export const GREETING_MAX_MS = 1_000;
/** Active probes start this long after connect: a server that greets at once is then identified without being sent anything (MySQL counts aborted handshakes, `max_connect_errors`). */
export const ACTIVE_START_DELAY_MS = 100;
/** After one probe names the protocol, the others get this long to finish before they are cancelled (enough for a loopback or LAN reply, e.g. h2c next to HTTP/1.1). */
export const ACTIVE_GRACE_MS = 250;
/** How long a confirmation command (EHLO, SYST, CAPA...) waits for its reply after the greeting. */
export const CONFIRM_REPLY_WAIT_MS = 2_000;
/** Probes for other ports (the rest of the knowledge base) run at most this many at once per target. */
export const REST_PROBES_PER_TARGET = 12;
/** Each of those waits this long for a reply (a server of that protocol answers within a round trip). */
export const REST_PROBE_WAIT_MS = 500;
/** Bytes kept from any active probe's reply. */
export const PROBE_READ_CAP_BYTES = 4_096;
/** Bytes of an HTTP response body we look at (Server header and status are what matter). */
export const HTTP_BODY_CAP_BYTES = 1_024;
/** nmap `tcpwrappedms 3000`: a peer that closes with no data within 3 s is an ACL, a connection limit or a backend-less load balancer. */
export const TCPWRAPPED_MS = 3_000;
/** The Linkerd proxy's detect timeout (docs/detection.md: 10 s inbound and outbound since 2.10). */
export const LINKERD_DETECT_TIMEOUT_MS = 10_000;
/** Events this close to 10 s are reported as matching the proxy's detect timeout (a proxy on the path is detecting). */
export const LINKERD_TIMEOUT_TOLERANCE_MS = 700;
/** Default number of sockets open at once (well under the usual `ulimit -n` of 1024). */
export const DEFAULT_CONCURRENCY = 256;
/** nmap `Exclude T:9100-9107`: raw printer ports print whatever is sent, so we send nothing unless `--force-active`. */
export const PRINTER_PORTS = { start: 9100, end: 9107 } as const;
/** Progress goes to a TTY stderr only once a run has taken longer than this. */
export const PROGRESS_AFTER_MS = 1_000;
/** Bytes of a banner shown in the text table (the JSON carries the whole capped greeting). */
export const TABLE_BANNER_CHARS = 40;
