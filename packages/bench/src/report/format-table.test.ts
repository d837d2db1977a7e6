import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table.js';

describe('formatTable', () => {
  it('pads a Markdown table, the first column left-aligned and the others right-aligned', () => {
    expect(
      formatTable(
        ['server', 'req/s'],
        [
          ['ingress', '12,345'],
          ['bare', '9'],
        ],
      ),
    ).toBe(
      ['| server  |  req/s |', '| ------- | -----: |', '| ingress | 12,345 |', '| bare    |      9 |'].join(
        '\n',
      ),
    );
  });

  it('follows the alignment it is given, and leaves missing cells blank', () => {
    expect(formatTable(['a', 'b'], [['x']], ['right', 'left'])).toBe(
      ['|   a | b   |', '| --: | --- |', '|   x |     |'].join('\n'),
    );
  });
});
