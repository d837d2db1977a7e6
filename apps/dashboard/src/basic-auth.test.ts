import { describe, expect, it } from 'vitest';
import { checkBasicAuth } from './basic-auth.js';

const LOGIN = { username: 'ops', password: 'correct horse: battery staple' };
const basic = (userPass: string): string => `Basic ${Buffer.from(userPass, 'utf8').toString('base64')}`;

describe('checkBasicAuth', () => {
  it('grants the configured login, whose password may itself hold a colon', () => {
    expect(checkBasicAuth(basic('ops:correct horse: battery staple'), LOGIN)).toBe('granted');
  });

  it('reads the scheme name in any case', () => {
    const header = basic('ops:correct horse: battery staple').replace('Basic', 'bAsIc');
    expect(checkBasicAuth(header, LOGIN)).toBe('granted');
  });

  it('grants a login with non-ASCII characters, sent as UTF-8', () => {
    const login = { username: '运维', password: 'пароль-密码' };
    expect(checkBasicAuth(basic('运维:пароль-密码'), login)).toBe('granted');
  });

  it.each([
    ['a wrong password', basic('ops:correct horse')],
    ['a wrong user name', basic('admin:correct horse: battery staple')],
    ['the password with a suffix', basic('ops:correct horse: battery staple!')],
    ['the user name in another case', basic('OPS:correct horse: battery staple')],
    ['an empty login', basic(':')],
    ['credentials without a colon', basic('opscorrect horse: battery staple')],
    ['a token that is not base64', 'Basic %%%not-base64%%%'],
    ['the scheme with no token', 'Basic '],
  ])('calls %s wrong', (_what, header) => {
    expect(checkBasicAuth(header, LOGIN)).toBe('wrong');
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', 'Bearer abc.def.ghi'],
  ])('calls %s missing', (_what, header) => {
    expect(checkBasicAuth(header, LOGIN)).toBe('missing');
  });
});
