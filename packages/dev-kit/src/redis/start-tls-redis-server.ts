import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aclUsers, startedWithoutTls, withLogin } from './acl-users.js';
import { makeTlsFiles } from './make-tls-files.js';
import { startRedisServer, type RedisServer } from './start-redis-server.js';

/** A Redis as managed services offer it: TLS only, and an ACL user with a password. */
export interface TlsRedisServer extends RedisServer {
  /** `rediss://user:password@127.0.0.1:port`, both URL-encoded. */
  readonly url: string;
  /** As `url`, for a user `admin` allowed everything: for a test to look (`ACL LOG`), not for the product. */
  readonly adminUrl: string;
  /** The throwaway CA that signed the server's certificate: give it as `NODE_EXTRA_CA_CERTS`. */
  readonly caFile: string;
  /** Stops the server and removes its certificates. */
  dispose(): Promise<void>;
}

export interface TlsRedisServerOptions {
  /** @defaultValue `app` */
  readonly username?: string;
  readonly password: string;
  /** The user's ACL rules: which keys, channels and commands. @defaultValue everything: `~* &* +@all` */
  readonly rules?: readonly string[];
}

/**
 * Starts `redis-server` serving TLS only, with certificates made now by a throwaway CA, where the
 * `default` user is off and one ACL user logs in with a password. It fails, naming the likely cause,
 * when this `redis-server` was built without TLS: a test of TLS that cannot run must not pass.
 */
export async function startTlsRedisServer(options: TlsRedisServerOptions): Promise<TlsRedisServer> {
  const username = options.username ?? 'app';
  const dir = mkdtempSync(join(tmpdir(), 'redis-tls-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  try {
    const files = makeTlsFiles(dir);
    const users = aclUsers(username, options.password, options.rules ?? ['~*', '&*', '+@all']);
    const server = await startRedisServer({
      tls: files,
      args: ['--save', '', '--appendonly', 'no', ...users.args],
    }).catch((error: unknown) => {
      throw startedWithoutTls(error);
    });
    return {
      ...server,
      url: withLogin(server.url, username, options.password),
      adminUrl: withLogin(server.url, 'admin', users.adminPassword),
      caFile: files.caFile,
      async dispose() {
        await server.stop();
        removeDir();
      },
    };
  } catch (error) {
    removeDir();
    throw error;
  }
}
