// **text-table** lays out rows for a terminal: columns padded to their widest cell (at most 80 characters, longer cells
// cut with an ellipsis), a rule under the header, and a closing line. Used by `query` and `sparql` tables alike.

const MAX_WIDTH = 80;

export function textTable(header: string[], rows: string[][], closing: string): string {
  const cells = rows.map((r) => r.map((c) => c.replace(/\s+/g, ' ')));
  const widths = header.map((h, i) => Math.min(MAX_WIDTH, Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0))));
  const line = (values: string[]) =>
    values
      .map((v, i) => {
        const width = widths[i] ?? v.length;
        return v.length > width ? v.slice(0, width - 1) + '…' : v.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line), closing].join('\n') + '\n';
}
