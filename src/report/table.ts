/** The borderless cli-table3 tables every text report uses (columns separated by two spaces). Pure. */
import Table from 'cli-table3';

export const BARE_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
} as const;

/** A borderless table with uncoloured headings and no padding. */
export function bareTable(head: readonly string[], options: { colWidths?: number[]; wordWrap?: boolean } = {}): Table.Table {
  return new Table({ head: [...head], style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 }, chars: { ...BARE_CHARS }, ...options });
}

/** The table's text without trailing spaces on each line. */
export function tableText(table: Table.Table): string {
  return table.toString().split('\n').map((l) => l.trimEnd()).join('\n');
}
