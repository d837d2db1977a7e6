export { deriveKey } from './feishu/derive-key.js';
export { decryptEvent } from './feishu/decrypt-event.js';
export { encryptEvent } from './feishu/encrypt-event.js';
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
export { parseEnv } from './config/parse-env.js';
export { loadConfigOrExit } from './config/load-or-exit.js';
export { RedisUrl, Port, PositiveInt, LogLevel, Secret, QueuePrefix } from './config/env-types.js';
export { loadIngressConfig, IngressEnv, type IngressConfig } from './config/ingress-config.js';
export { loadWorkerConfig, WorkerEnv, FEISHU_DOMAINS, type WorkerConfig } from './config/worker-config.js';
export { createLogger, type Logger } from './create-logger.js';
export { serializeError, type SerializedError } from './logging/serialize-error.js';
export { logRedisOutages, type RedisOutageLog, type WatchedRedis } from './logging/log-redis-outages.js';
export { startOpsServer, type OpsServerOptions, type Readiness } from './start-ops-server.js';
export { exitOnFatalError } from './process/exit-on-fatal-error.js';
export {
  describeFatalError,
  type PortVariables,
  type FatalErrorReport,
} from './process/describe-fatal-error.js';
export { createRedisReadiness } from './create-redis-readiness.js';
