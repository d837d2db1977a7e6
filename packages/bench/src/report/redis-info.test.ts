import { describe, expect, it } from 'vitest';
import { infoNumber, parseRedisInfo, redisCpuSeconds } from './redis-info.js';

// The shape of a redis-server 7.0 `INFO cpu` reply, CRLF line ends and a section header included.
const CPU = [
  '# CPU',
  'used_cpu_sys:1.250000',
  'used_cpu_user:2.500000',
  'used_cpu_sys_children:0.000000',
  'used_cpu_user_main_thread:2.400000',
  '',
].join('\r\n');

describe('parseRedisInfo', () => {
  it('reads every field, its value whole even when it holds a colon, without line ends or headers', () => {
    const fields = parseRedisInfo(`${CPU}# Server\r\nexecutable:/usr/bin/redis-server\r\nrun_id:ab:cd\r\n`);
    expect(fields.get('used_cpu_sys')).toBe('1.250000');
    expect(fields.get('executable')).toBe('/usr/bin/redis-server');
    expect(fields.get('run_id')).toBe('ab:cd');
    expect(fields.has('# CPU')).toBe(false);
    expect(fields.size).toBe(6);
  });
});

describe('redisCpuSeconds', () => {
  it('adds user and system time of the process, not the children’s or one thread’s', () => {
    expect(redisCpuSeconds(parseRedisInfo(CPU))).toBeCloseTo(3.75, 9);
  });

  it('throws when a field is missing rather than counting it as zero', () => {
    expect(() => redisCpuSeconds(parseRedisInfo('used_cpu_sys:1.0\r\n'))).toThrow(/used_cpu_user/);
    expect(() => infoNumber(parseRedisInfo('used_memory:lots\r\n'), 'used_memory')).toThrow(/used_memory/);
  });
});
