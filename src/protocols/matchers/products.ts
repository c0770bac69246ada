/**
 * Product and version names found in text greetings (SMTP, FTP, POP3, IMAP), as data: the first
 * pattern that matches names the product; group 1, when present, is the version.
 */

export interface ProductPattern {
  readonly product: string;
  readonly pattern: RegExp;
}

export const SMTP_PRODUCTS: readonly ProductPattern[] = [
  { product: 'Exim', pattern: /\bExim (\d+\.\d+(?:\.\d+)?(?:\.\d+)?)?/i },
  { product: 'Postfix', pattern: /\bPostfix\b/i },
  { product: 'Sendmail', pattern: /\bSendmail (\d[\w.\/-]*)?/i },
  { product: 'Microsoft Exchange', pattern: /\bMicrosoft ESMTP MAIL Service(?:, Version: (\S+))?/i },
  { product: 'qmail', pattern: /\bqmail\b/i },
  { product: 'OpenSMTPD', pattern: /\bOpenSMTPD\b/i },
  { product: 'Haraka', pattern: /\bHaraka(?:\/| )?(\d[\w.]*)?/i },
  { product: 'MailHog', pattern: /\bMailHog\b/i },
  { product: 'Mailpit', pattern: /\bMailpit\b/i },
  { product: 'Zimbra', pattern: /\bZimbra\b/i },
  { product: 'MailEnable', pattern: /\bMailEnable\b/i },
];

export const FTP_PRODUCTS: readonly ProductPattern[] = [
  { product: 'vsftpd', pattern: /\bvsFTPd\b(?: (\d[\w.]*))?/i },
  { product: 'ProFTPD', pattern: /\bProFTPD (\d[\w.]*)?/i },
  { product: 'Pure-FTPd', pattern: /\bPure-FTPd\b/i },
  { product: 'FileZilla Server', pattern: /\bFileZilla Server(?: (?:version )?(\d[\w.]*))?/i },
  { product: 'Microsoft FTP Service', pattern: /\bMicrosoft FTP Service\b/i },
  { product: 'Serv-U', pattern: /\bServ-U FTP Server v?(\d[\w.]*)?/i },
];

export const POP_IMAP_PRODUCTS: readonly ProductPattern[] = [
  { product: 'Dovecot', pattern: /\bDovecot\b/i },
  { product: 'Cyrus', pattern: /\bCyrus (?:IMAP|POP3)4?(?: v| )?(\d[\w.-]*)?/i },
  { product: 'Courier', pattern: /\bCourier-(?:IMAP|POP3)\b/i },
  { product: 'Microsoft Exchange', pattern: /\bMicrosoft Exchange\b/i },
  { product: 'Qpopper', pattern: /\bQpopper(?: \(version (\S+)\))?/i },
  { product: 'UW IMAP', pattern: /\bIMAP4rev1 (?:Service|server) (\d[\w.]*)/i },
  { product: 'Zimbra', pattern: /\bZimbra\b/i },
];

export function findProduct(text: string, table: readonly ProductPattern[]): { product: string; version: string | null } | null {
  for (const p of table) {
    const m = p.pattern.exec(text);
    if (m) return { product: p.product, version: m[1] ?? null };
  }
  return null;
}
