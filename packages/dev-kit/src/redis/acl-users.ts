import { randomBytes } from 'node:crypto';

/** The `redis-server` arguments of {@link aclUsers}, and the admin's password they set. */
export interface AclUsers {
  readonly args: readonly string[];
  readonly adminPassword: string;
}

/**
 * `user` lines as in an ACL file (https://redis.io/docs/latest/operate/oss_and_stack/management/security/acl/):
 * the `default` user off, `username` with `password` and `rules`, and an `admin` allowed everything,
 * with a random password, for a test to look (`ACL LOG`, `CLUSTER INFO`).
 */
export function aclUsers(username: string, password: string, rules: readonly string[]): AclUsers {
  const adminPassword = randomBytes(12).toString('hex');
  const user = (name: string, secret: string, userRules: readonly string[]) =>
    ['--user', name, 'on', `>${secret}`].concat(userRules);
  return {
    args: ['--user', 'default', 'off']
      .concat(user(username, password, rules))
      .concat(user('admin', adminPassword, ['~*', '&*', '+@all'])),
    adminPassword,
  };
}

/** `url` with a user name and password, both URL-encoded. */
export function withLogin(url: string, username: string, password: string): string {
  return url.replace('://', `://${encodeURIComponent(username)}:${encodeURIComponent(password)}@`);
}

/** `error` again, saying that this `redis-server` may lack TLS: a test of TLS that cannot run must not pass. */
export function startedWithoutTls(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(
    `${message} with TLS: is redis-server built with TLS (BUILD_TLS=yes)? Debian's and Homebrew's are`,
  );
}

/**
 * `redis-cli` arguments to reach a TLS-only Redis of {@link aclUsers} as its admin: the CA to trust,
 * the login, and no warning about a password on the command line (https://redis.io/docs/latest/develop/tools/cli/).
 */
export function adminCliArgs(caFile: string, adminPassword: string): string[] {
  return ['--tls', '--cacert', caFile, '--user', 'admin', '--pass', adminPassword, '--no-auth-warning'];
}
