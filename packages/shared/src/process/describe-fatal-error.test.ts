import { createServer } from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { describeFatalError } from './describe-fatal-error.js';

/** The error Node gives for a second listener on a port. */
async function addressInUseError(): Promise<{ error: unknown; port: number }> {
  const first = createServer().listen(0, '127.0.0.1');
  await once(first, 'listening');
  const address = first.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const second = createServer().listen(port, '127.0.0.1');
  const [error] = (await once(second, 'error')) as [unknown];
  first.close();
  return { error, port };
}

describe('describeFatalError', () => {
  it('names the variable of a port already in use', async () => {
    const { error, port } = await addressInUseError();
    const report = describeFatalError(error, 'uncaughtException', { PORT: port + 1, METRICS_PORT: port });
    expect(report).toEqual({
      message: `METRICS_PORT ${port} is already in use`,
      fields: { variable: 'METRICS_PORT', port, code: 'EADDRINUSE' },
    });
  });

  it('says that a privileged port needs privileges', () => {
    const error = Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:80'), {
      code: 'EACCES',
      syscall: 'listen',
      port: 80,
    });
    expect(describeFatalError(error, 'uncaughtException', { DASHBOARD_PORT: 80 }).message).toBe(
      'DASHBOARD_PORT 80 needs privileges this user lacks (ports below 1024 do)',
    );
  });

  it('reports any other error as it is, saying how it escaped', () => {
    const error = new Error('boom');
    expect(describeFatalError(error, 'unhandledRejection', { PORT: 3000 })).toEqual({
      message: 'unhandled rejection',
      fields: { err: error },
    });
    const connectRefused = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
      port: 3000,
    });
    expect(describeFatalError(connectRefused, 'uncaughtException', { PORT: 3000 }).message).toBe(
      'uncaught exception',
    );
    expect(describeFatalError('a string', 'uncaughtException', {}).fields).toEqual({ err: 'a string' });
  });
});
