import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';

function capture() {
  const lines: string[] = [];
  const log = createLogger({
    name: 'test',
    level: 'trace',
    destination: { write: (line) => lines.push(line) },
  });
  return { log, lines };
}

describe('createLogger', () => {
  it('logs an error given as `err` or alone through the safe serializer', () => {
    const { log, lines } = capture();
    const error = Object.assign(new Error('WRONGPASS invalid username-password pair'), {
      command: { name: 'auth', args: ['the-password'] },
      headers: { authorization: 'Bearer the-token' },
    });
    log.error({ err: error }, 'redis connection error');
    log.error(error);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(JSON.parse(line)).toMatchObject({ err: { type: 'Error', command: 'auth' } });
      expect(line).not.toMatch(/the-password|the-token/);
    }
  });
});
