export { deriveKey } from './feishu/derive-key.js';
export { decryptEvent } from './feishu/decrypt-event.js';
export { FeishuCryptoError, type FeishuCryptoErrorCode } from './feishu/feishu-crypto-error.js';
export { computeSignature } from './feishu/compute-signature.js';
export {
  verifySignature,
  SIGNATURE_TOLERANCE_MS,
  type SignedRequest,
  type SignatureVerdict,
} from './feishu/verify-signature.js';
export { recogniseBody, type RecognisedBody, type UrlVerification } from './feishu/recognise-body.js';
export {
  APP_TICKET,
  BOT_P2P_CHAT_ENTERED,
  P2P_CHAT_CREATE,
  AppTicketEnvelope,
  BotP2pChatEnteredEnvelope,
  P2pChatCreateEnvelope,
} from './feishu/events.js';
export {
  FEISHU_EVENTS_QUEUE,
  COMPLETED_JOB_RETENTION_S,
  FAILED_JOB_RETENTION_S,
  ENQUEUED_EVENT_TYPES,
  FEISHU_EVENT_JOB_OPTIONS,
  FeishuEventJob,
  jobIdForEvent,
} from './queue-catalog.js';
export { ConfigError } from './config/config-error.js';
export { parseEnv, envKeys, envLoader, type EnvSchema } from './config/parse-env.js';
export { loadConfigOrExit } from './config/load-config-or-exit.js';
export {
  RedisUrl,
  Port,
  PositiveInt,
  LogLevel,
  Secret,
  QueuePrefix,
  Flag,
  RedisCluster,
  RedisEnv,
  MetricsPort,
  redisSettings,
  bullmqPrefix,
  type RedisSettings,
} from './config/env-types.js';
export { EnqueueMinReplicas } from './config/enqueue-min-replicas.js';
export { FEISHU_DOMAINS, FeishuDomain } from './config/feishu-domain.js';
export { FeishuAppType, FeishuEventMode } from './config/feishu-app-kind.js';
export { createLogger, type Logger } from './create-logger.js';
export { serializeError, type SerializedError } from './logging/serialize-error.js';
export { logRedisOutages, type RedisOutageLog, type WatchedRedis } from './logging/log-redis-outages.js';
export { warnSparingly, type SparingWarning } from './logging/warn-sparingly.js';
export { startOpsServer, closeOpsServer, type OpsServerOptions, type Readiness } from './start-ops-server.js';
export { exitOnFatalError } from './process/exit-on-fatal-error.js';
export { closeOnSignals, type Closable } from './process/close-on-signals.js';
export { exitOnSignalsUntilStarted } from './process/exit-on-signals-until-started.js';
export {
  describeFatalError,
  type PortVariables,
  type FatalErrorReport,
} from './process/describe-fatal-error.js';
export { createRedisReadiness } from './create-redis-readiness.js';
export {
  createRedisConnection,
  type RedisConnection,
  type RedisRole,
  type RedisTarget,
} from './redis/create-redis-connection.js';
export {
  watchRedisMode,
  exitOnWrongRedisMode,
  SINGLE_REDIS_AS_CLUSTER,
  CLUSTER_AS_SINGLE_REDIS,
} from './redis/watch-redis-mode.js';
export { connectProcessRedis } from './redis/connect-process-redis.js';
export { createSideConnection } from './redis/create-side-connection.js';
export { waitUntilReady } from './redis/wait-until-ready.js';
export { withTimeout } from './with-timeout.js';
export { runWithDeadline } from './run-with-deadline.js';
export {
  confirmReplicas,
  TooFewReplicasError,
  WriteNotFoundError,
  type ConfirmReplicasOptions,
  type ConfirmedField,
} from './replicas/confirm-replicas.js';
export { createReplicaReadiness, onlineReplicas } from './replicas/replica-readiness.js';
export { writeNodeFor } from './replicas/write-node-for.js';
export { slotMasters } from './replicas/slot-masters.js';
export { createReplicaShortfall, type ReplicaShortfallOptions } from './replicas/replica-shortfall.js';
export { secretMatcher } from './secret-matcher.js';
export {
  FrameMethod,
  WsFrameError,
  ackFrame,
  decodeWsFrame,
  encodeWsFrame,
  type FrameKind,
  type WsClientConfig,
  type WsFrame,
  type WsFrameInput,
} from './feishu/ws-frame.js';
