import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A throwaway certificate authority and a server certificate it signed, as PEM files. */
export interface TlsFiles {
  /** The CA's certificate: what a client trusts (`NODE_EXTRA_CA_CERTS`, `redis-cli --cacert`). */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

function openssl(dir: string, args: readonly string[]): void {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) {
    const why = result.error?.message ?? result.stderr.trim();
    throw new Error(`openssl ${args[0] ?? ''} failed (is openssl installed?): ${why}`);
  }
}

/**
 * Writes a fresh CA and a server certificate for `127.0.0.1` and `localhost` into `dir`, valid for a
 * day. Tests make them at run time, so no key is ever committed. The server certificate names the
 * loopback address as a subjectAltName: Node checks an IP host against the IP entries only
 * (https://nodejs.org/api/tls.html#tlscheckserveridentityhostname-cert).
 */
export function makeTlsFiles(dir: string): TlsFiles {
  const days = ['-days', '1'];
  openssl(
    dir,
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem'].concat(days, [
      '-subj',
      '/CN=feishu-welcome test CA',
    ]),
  );
  openssl(
    dir,
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr'].concat([
      '-subj',
      '/CN=localhost',
    ]),
  );
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    dir,
    ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'].concat(
      ['-out', 'server.pem', '-extfile', 'server.ext'],
      days,
    ),
  );
  return { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'server.pem'), keyFile: join(dir, 'server.key') };
}

/**
 * `redis-server` arguments for TLS only on `port`: `--port 0` closes the plain port, and clients need
 * no certificate of their own (https://redis.io/docs/latest/operate/oss_and_stack/management/security/encryption/).
 */
export function tlsServerArgs(port: number, files: TlsFiles): string[] {
  return ['--port', '0', '--tls-port', String(port), '--tls-cert-file', files.certFile].concat([
    '--tls-key-file',
    files.keyFile,
    '--tls-ca-cert-file',
    files.caFile,
    '--tls-auth-clients',
    'no',
  ]);
}
