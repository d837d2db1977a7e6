/** The `fatal` pino lines in a process's output, parsed: what it said as it gave up. */
export function fatalLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"level":60'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
