/**
 * The made-up Feishu app the sandbox plays: the same values `.env.example` ships. The ids have
 * Feishu's shapes (the ingress and worker check nothing more); the secrets open nothing anywhere.
 * A real deployment replaces every one of them.
 */
export const SANDBOX_APP = {
  appId: 'cli_a1b2c3d4e5f60718',
  appSecret: 'sandbox-app-secret',
  verificationToken: 'sandbox-verification-token',
  encryptKey: 'sandbox-encrypt-key',
  tenantKey: '736588c9260f175c',
} as const;

/** Who the test events say opened the chat, unless `TEST_USER_NAME` names someone else. */
export const DEFAULT_TEST_USER_NAME = 'Ada Lovelace';
