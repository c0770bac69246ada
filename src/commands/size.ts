/** Size options (`--max-input-bytes 64M`): no dependencies, so option parsing stays light at start-up. */

/** `64M`, `1G`, `512K`, `1048576`: a byte count (K, M, G are powers of 1024); undefined when not a positive size. */
export function parseSize(text: string): number | undefined {
  const m = /^([0-9]{1,15})([KMG](?:i?B)?|B)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? '').charAt(0).toUpperCase();
  const n = Number(m[1]) * (unit === 'K' ? 1024 : unit === 'M' ? 1024 ** 2 : unit === 'G' ? 1024 ** 3 : 1);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
