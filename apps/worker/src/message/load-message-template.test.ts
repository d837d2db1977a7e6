import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@feishu-welcome/shared';
import { describe, expect, it } from 'vitest';
import { loadMessageTemplate } from './load-message-template.js';
import { BUILT_IN_MESSAGE } from './message-template.js';

const dir = mkdtempSync(join(tmpdir(), 'message-'));
function file(content: string): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, content);
  return path;
}
function problemOf(path: string): string {
  try {
    loadMessageTemplate(path);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
}

describe('loadMessageTemplate', () => {
  it('uses the built-in greeting without a file', () => {
    expect(loadMessageTemplate(undefined)).toBe(BUILT_IN_MESSAGE);
  });

  it('loads a card-builder template', () => {
    const path = file(
      JSON.stringify({ msg_type: 'interactive', content: { type: 'template', data: { template_id: 'x' } } }),
    );
    expect(loadMessageTemplate(path).msg_type).toBe('interactive');
  });

  it.each([
    ['a missing file', join(dir, 'absent.json'), /cannot read the file \(ENOENT\)/],
    ['a file that is not JSON', file('{"msg_type":'), /not valid JSON/],
    ['an unknown msg_type', file('{"msg_type":"image","content":{}}'), /ONBOARDING_MESSAGE: msg_type/],
    ['a text message without text', file('{"msg_type":"text","content":{}}'), /content\.text/],
    ['a post without a locale', file('{"msg_type":"post","content":{}}'), /locale/],
    [
      'an unknown placeholder',
      file('{"msg_type":"text","content":{"text":"hi {{user.email}}"}}'),
      /\{\{user\.email\}\}/,
    ],
    [
      'a card over 30 KB',
      file(JSON.stringify({ msg_type: 'interactive', content: { pad: 'x'.repeat(31_000) } })),
      /at most 30720/,
    ],
  ])('refuses %s with a clear message', (_what, path, message) => {
    expect(problemOf(path)).toMatch(message);
  });
});
