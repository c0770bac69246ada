/**
 * Knowledge-base matcher speed: identifications per second over the test corpus (real captures and
 * fingerprints.md samples), for client first bytes, server greetings, and bytes nothing matches.
 */
import { identifyBanner, identifyClientBytes } from '../../src/protocols/index.js';
import { BANNER_SAMPLES, CLIENT_SAMPLES } from '../../test/protocols/samples.js';

const RUN_MS = 1_000;

function rate(inputs: readonly Uint8Array[], fn: (b: Uint8Array) => unknown): number {
  let n = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(RUN_MS) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    for (let k = 0; k < 200; k++) {
      const r = fn(inputs[n % inputs.length] as Uint8Array);
      if (r !== null) sink++;
      n++;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink < 0) console.log(sink);
  return n / seconds;
}

export async function run(): Promise<string[]> {
  const client = CLIENT_SAMPLES.map((s) => s.bytes);
  const banners = BANNER_SAMPLES.map((s) => s.bytes);
  // Bytes that run through every matcher without a hit (the worst case per call).
  const misses = [Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff), new TextEncoder().encode('hello there, nobody speaks this\r\n')];
  return [
    `kb-identify-client-bytes: ${Math.round(rate(client, identifyClientBytes))} ops/s (${client.length} samples)`,
    `kb-identify-banner: ${Math.round(rate(banners, identifyBanner))} ops/s (${banners.length} samples)`,
    `kb-identify-client-bytes-miss: ${Math.round(rate(misses, identifyClientBytes))} ops/s`,
  ];
}
