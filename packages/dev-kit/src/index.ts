export { encryptEvent } from './feishu/encrypt-event.js';
export { TEST_APP } from './feishu/test-app.js';
export { makeUser, type FeishuUser } from './feishu/make-user.js';
export { p2pChatCreate, type P2pChatCreateOverrides } from './feishu/p2p-chat-create.js';
export { botP2pChatEntered } from './feishu/bot-p2p-chat-entered.js';
export { appTicket, pushTs, type AppTicketOverrides } from './feishu/app-ticket.js';
export { urlVerification } from './feishu/url-verification.js';
export {
  plainPush,
  signedPush,
  encryptedPush,
  type FeishuPush,
  type SigningOptions,
} from './feishu/feishu-push.js';
export { redisAnswers } from './redis/redis-answers.js';
export {
  startRedisServer,
  hasRedisServerBinary,
  type RedisServer,
  type RedisServerOptions,
} from './redis/start-redis-server.js';
export { startReplicatedRedis, type ReplicatedRedis } from './redis/start-replicated-redis.js';
export { redisCli, redisCliLines } from './redis/redis-cli.js';
export { makeTlsFiles, type TlsFiles } from './redis/make-tls-files.js';
export {
  startTlsRedisServer,
  type TlsRedisServer,
  type TlsRedisServerOptions,
} from './redis/start-tls-redis-server.js';
export {
  startRedisCluster,
  type RedisCluster,
  type RedisClusterNode,
  type RedisClusterOptions,
} from './redis/start-redis-cluster.js';
export { keySlot } from './redis/key-slot.js';
export { freePort } from './free-port.js';
export { waitFor } from './wait-for.js';
export { REPO_ROOT } from './repo-root.js';
