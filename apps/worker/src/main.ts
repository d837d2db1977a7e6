import {
  closeOnSignals,
  createLogger,
  exitOnFatalError,
  exitOnSignalsUntilStarted,
  loadConfigOrExit,
} from '@feishu-welcome/shared';
import { CredentialsRefusedError } from './feishu/credentials-refused-error.js';
import { loadMessageTemplate } from './message/load-message-template.js';
import { startWorker } from './start-worker.js';
import { loadWorkerConfig } from './worker-config.js';

const config = loadConfigOrExit(() => loadWorkerConfig(process.env), 'worker');
const message = loadConfigOrExit(() => loadMessageTemplate(config.onboardingMessagePath), 'worker');
const log = createLogger({ name: 'worker', level: config.logLevel });
exitOnFatalError(log, { METRICS_PORT: config.metricsPort });

// The start waits for Redis and Feishu's answer to the credentials, holding no job yet: a signal then
// ends the process at once, with 0. (The worker takes jobs only at the very end of the start.)
const started = exitOnSignalsUntilStarted(log);
const worker = await startWorker(config, { log, message }).catch((error: unknown) => {
  if (!(error instanceof CredentialsRefusedError)) throw error;
  log.fatal({ code: error.cause.code, logId: error.cause.logId }, error.message);
  process.exit(1);
});
started();
closeOnSignals(worker, log);
