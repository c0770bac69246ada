/**
 * A rule page (docs/rules/<id>.md) for a terminal: the small Markdown subset the pages use, rendered
 * with chalk. Headings bold (the title also underlined), fenced code indented and coloured without its
 * fences, inline code coloured (kept in backticks when there is no colour), **bold** as bold, links as
 * "text (url)". Tables and lists are already readable as text and are kept. Pure.
 */
import type { ChalkInstance } from 'chalk';

function inline(line: string, c: ChalkInstance): string {
  const plain = c.level === 0;
  return line
    .replace(/\[([^[\]\x1b]+)\]\(([^)\s]+)\)/g, (_, text: string, url: string) => (text === url ? c.underline(url) : `${text} (${c.underline(url)})`))
    .replace(/`([^`]+)`/g, (_, t: string) => (plain ? `\`${t}\`` : c.cyan(t)));
}

export function renderMarkdownForTerminal(md: string, c: ChalkInstance): string {
  const out: string[] = [];
  let inFence = false;
  // **bold** may span a line break: marked over the whole page first (fences hold no **).
  const bolded = md.replace(/\r\n/g, '\n').replace(/\*\*([^*]+)\*\*/g, (_, t: string) => (c.level === 0 ? t : c.bold(t)));
  for (const line of bolded.split('\n')) {
    if (/^\s*```/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(`    ${c.cyan(line)}`);
      continue;
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      const text = inline(h[2] ?? '', c);
      out.push(h[1] === '#' ? c.bold.underline(text) : c.bold(text));
      continue;
    }
    out.push(inline(line, c));
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').replace(/\n*$/, '\n');
}
