/** The app every test and benchmark plays: made-up credentials, in Feishu's formats. */
export const TEST_APP = {
  appId: 'cli_a1b2c3d4e5f60718',
  appSecret: 'test-app-secret-0123456789abcdef',
  verificationToken: 'v-token-41a9425ea7df4536a7623e38fa321bae',
  encryptKey: 'test-encrypt-key',
  tenantKey: '736588c9260f175c',
} as const;
