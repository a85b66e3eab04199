/** Markdown pieces for job summaries; cell text is escaped so a pipe or newline cannot break a table. */
export function markdownTable(headers: string[], rows: string[][]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

export function markdownLink(text: string, url: string): string {
  return `[${text.replace(/[[\]]/g, '')}](${url})`;
}
