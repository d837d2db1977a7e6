export { acquireRedis, startOwnedRedis, NO_REDIS_MESSAGE } from './acquire-redis.js';
export { startPrivateRedisServer, hasRedisServerBinary } from './private-redis-server.js';
export { isContainerRuntimeReachable, startContainerRedis } from './container-redis.js';
export type { OwnedRedisOptions, RedisHandle } from './redis-handle.js';
export { freePort } from './free-port.js';
export { occupyPort, type OccupiedPort } from './occupied-port.js';
export { fatalLines } from './fatal-lines.js';
export { unhandledRejectionEnv, REJECTION_SECRET } from './unhandled-rejection-env.js';
export { waitFor } from './wait-for.js';
export { uniqueQueueName } from './unique-queue-name.js';
export {
  TEST_APP,
  makeUser,
  p2pChatCreate,
  botP2pChatEntered,
  appTicket,
  urlVerification,
  plainPush,
  encryptedPush,
  signedPush,
  type SigningOptions,
  type FeishuUser,
  type FeishuPush,
} from './feishu-fixtures.js';
export { spawnService, REPO_ROOT, type SpawnedService } from './spawn-service.js';
export { startStallingProxy, type StallingProxy } from './stalling-proxy.js';
