import { describe, expect, it } from 'vitest';
import { parseSendTestEventArgs } from './parse-send-test-event-args.js';

describe('parseSendTestEventArgs', () => {
  it('runs without a fault when given nothing', () => {
    expect(parseSendTestEventArgs([])).toEqual({ kind: 'run', fault: undefined });
  });

  it.each(['permanent', 'throttle', 'server-error'] as const)('takes --fault %s', (name) => {
    expect(parseSendTestEventArgs(['--fault', name])).toEqual({ kind: 'run', fault: { kind: name } });
    expect(parseSendTestEventArgs([`--fault=${name}`])).toEqual({ kind: 'run', fault: { kind: name } });
  });

  it('takes --fail with a Feishu error code', () => {
    expect(parseSendTestEventArgs(['--fail', '230013'])).toEqual({
      kind: 'run',
      fault: { kind: 'code', code: 230013 },
    });
  });

  it.each([
    [['--fault', 'slow'], /--fault must be one of permanent, throttle, server-error \(got "slow"\)/],
    [['--fail', '0'], /--fail takes a Feishu error code/],
    [['--fail', '0x10'], /--fail takes a Feishu error code/],
    [['--fail', '2.5'], /--fail takes a Feishu error code/],
    [['--fault', 'permanent', '--fail', '230013'], /choose one/],
    [['--faults', 'permanent'], /Unknown option '--faults'/],
    [['permanent'], /Unexpected argument 'permanent'/],
  ])('refuses %j naming the problem', (argv, problem) => {
    const parsed = parseSendTestEventArgs(argv);
    expect(parsed.kind).toBe('usage-error');
    expect(parsed.kind === 'usage-error' && parsed.problem).toMatch(problem);
  });

  it('answers --help', () => {
    expect(parseSendTestEventArgs(['--help'])).toEqual({ kind: 'help' });
  });
});
