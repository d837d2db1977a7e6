export type Align = 'left' | 'right';

/**
 * A Markdown pipe table with padded columns, readable in a terminal and pasted as is into
 * BENCHMARKS.md. The first column is left-aligned, the others right-aligned unless told.
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align?: readonly Align[],
): string {
  const alignOf = (i: number): Align => align?.[i] ?? (i === 0 ? 'left' : 'right');
  const widths = headers.map((header, i) =>
    Math.max(3, header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const pad = (cell: string, i: number): string =>
    alignOf(i) === 'left' ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0);
  const line = (cells: readonly string[]): string =>
    `| ${headers.map((_, i) => pad(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (alignOf(i) === 'left' ? ` ${'-'.repeat(width)} ` : ` ${'-'.repeat(width - 1)}: `)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
