export { acquireRedis, startOwnedRedis, NO_REDIS_MESSAGE } from './acquire-redis.js';
export { startPrivateRedisServer } from './private-redis-server.js';
export { isContainerRuntimeReachable, startContainerRedis } from './container-redis.js';
export type { OwnedRedisOptions, RedisHandle } from './redis-handle.js';
export { occupyPort, type OccupiedPort } from './occupied-port.js';
export { fatalLines } from './fatal-lines.js';
export { unhandledRejectionEnv, REJECTION_SECRET } from './unhandled-rejection-env.js';
export { uniqueQueueName } from './unique-queue-name.js';
export { spawnService, type SpawnedService } from './spawn-service.js';
export { startStallingProxy, type StallingProxy } from './stalling-proxy.js';
export { runUnderForcedGc } from './run-under-forced-gc.js';
// What the tests share with the sandbox and the benchmarks lives in dev-kit, which needs no test runner.
export {
  TEST_APP,
  encryptEvent,
  makeUser,
  p2pChatCreate,
  botP2pChatEntered,
  appTicket,
  urlVerification,
  plainPush,
  encryptedPush,
  signedPush,
  freePort,
  waitFor,
  hasRedisServerBinary,
  startReplicatedRedis,
  startRedisServer,
  redisCli,
  redisCliLines,
  startTlsRedisServer,
  startRedisCluster,
  keySlot,
  REPO_ROOT,
  type SigningOptions,
  type FeishuUser,
  type FeishuPush,
  type ReplicatedRedis,
  type TlsRedisServer,
  type RedisCluster,
  type RedisClusterNode,
} from '@feishu-welcome/dev-kit';
