/**
 * The HTTP/1.1 probe: one `GET /` through undici (status and Server header), bounded by the passive
 * window, reading at most HTTP_BODY_CAP_BYTES of the body. undici is imported only here.
 */
import { Client } from 'undici';
import { GREETING_MAX_MS, HTTP_BODY_CAP_BYTES } from './constants.js';
import { clientVerdict } from './client-verdict.js';
import { errorCode } from './net-error.js';
import { showBytes } from './show-bytes.js';
import { escapeText } from '../term/escape.js';
import { stoppedOutcome, type ProbeContext } from './probe-context.js';
import type { HttpInfo, ProbeRecord } from './types.js';
import { emptyRecord } from './probe-record.js';

const USER_AGENT = 'protocheck';

/** The request head as undici writes it (header order and casing as undici 7 sends them), for the detector. */
export function httpRequestBytes(hostHeader: string): Uint8Array {
  return new Uint8Array(Buffer.from(`GET / HTTP/1.1\r\nhost: ${hostHeader}\r\nconnection: keep-alive\r\nuser-agent: ${USER_AGENT}\r\n\r\n`, 'latin1'));
}

export interface HttpProbeResult {
  readonly record: ProbeRecord;
  readonly info: HttpInfo | null;
}

export async function probeHttp(ctx: ProbeContext): Promise<HttpProbeResult> {
  const shownHost = ctx.host.includes(':') ? `[${ctx.host}]` : ctx.host;
  const hostHeader = `${shownHost}:${ctx.port}`;
  const sentBytes = httpRequestBytes(hostHeader);
  const base = { id: 'http', sent: showBytes(sentBytes), linkerd: clientVerdict(sentBytes, ctx.version) };
  return ctx.slot(async () => {
    if (ctx.stop.aborted) return { record: emptyRecord(base, stoppedOutcome(ctx.stop), null), info: null };
    const origin = `http://${ctx.address.includes(':') ? `[${ctx.address}]` : ctx.address}:${ctx.port}`;
    const client = new Client(origin, {
      connectTimeout: ctx.connectTimeoutMs,
      headersTimeout: ctx.waitMs,
      bodyTimeout: ctx.waitMs,
      keepAliveTimeout: 1,
      pipelining: 1,
    });
    const t0 = ctx.clock();
    try {
      const res = await client.request({ path: '/', method: 'GET', headers: { host: hostHeader, 'user-agent': USER_AGENT }, signal: ctx.stop });
      const firstByteMs = ctx.clock() - t0;
      const chunks: Buffer[] = [];
      let size = 0;
      // bodyTimeout is per chunk: a body trickled byte by byte is cut by this overall bound instead.
      const cut = setTimeout(() => res.body.destroy(), GREETING_MAX_MS);
      try {
        for await (const chunk of res.body) {
          const b = chunk as Buffer;
          chunks.push(b.subarray(0, HTTP_BODY_CAP_BYTES - size));
          size += Math.min(b.length, HTTP_BODY_CAP_BYTES - size);
          if (size >= HTTP_BODY_CAP_BYTES) break;
        }
      } catch {
        // A body cut short (our bound, or the server) still leaves the status and headers we came for.
      } finally {
        clearTimeout(cut);
        res.body.destroy();
      }
      const serverHeader = res.headers['server'];
      const server = typeof serverHeader === 'string' ? escapeText(serverHeader) : Array.isArray(serverHeader) ? escapeText(serverHeader.join(', ')) : null;
      const head = `HTTP/1.1 ${res.statusCode}${server === null ? '' : `\r\nserver: ${server}`}\r\n`;
      const received = showBytes(new Uint8Array(Buffer.concat([Buffer.from(head, 'latin1'), ...chunks])));
      return {
        record: {
          ...base,
          received,
          outcome: 'identified',
          identification: { protocol: 'http', product: server, version: 'HTTP/1.1', signature: 'http-response', hard: true },
          firstByteMs,
          detail: `${res.statusCode}${server === null ? '' : ` ${server}`}`,
        },
        info: { status: res.statusCode, server },
      };
    } catch (error) {
      const code = errorCode(error);
      const outcome =
        code === 'UND_ERR_ABORTED' || (error instanceof Error && error.name === 'AbortError') || ctx.stop.aborted
          ? stoppedOutcome(ctx.stop)
          : code === 'UND_ERR_HEADERS_TIMEOUT'
            ? 'no-reply'
            : code === 'ECONNREFUSED'
              ? 'refused'
              : code === 'ECONNRESET'
                ? 'reset'
                : code === 'UND_ERR_SOCKET'
                  ? 'closed'
                  : 'no-match';
      if (ctx.stop.aborted) return { record: emptyRecord(base, outcome, null), info: null };
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return { record: emptyRecord(base, outcome, `${ctx.label}: ${code}${message === '' ? '' : ` (${escapeText(message ?? '')})`}`), info: null };
    } finally {
      await client.destroy().catch(() => {});
    }
  });
}
