import {
  closeOnSignals,
  createLogger,
  exitOnFatalError,
  exitOnSignalsUntilStarted,
  loadConfigOrExit,
} from '@feishu-welcome/shared';
import { loadIngressConfig } from './ingress-config.js';
import type { LongConnectionRefusedError } from './long-connection/long-connection-refused-error.js';
import { startIngress } from './start-ingress.js';

const config = loadConfigOrExit(() => loadIngressConfig(process.env), 'ingress');
const log = createLogger({ name: 'ingress', level: config.logLevel });
exitOnFatalError(
  log,
  config.mode === 'webhook'
    ? { PORT: config.port, METRICS_PORT: config.metricsPort }
    : { METRICS_PORT: config.metricsPort },
);
// The start can wait up to 20 s in websocket mode (for Redis, then the first connection), with nothing
// received yet: a signal then ends the process at once, with 0.
const started = exitOnSignalsUntilStarted(log);
const running = await startIngress(config, { log });
started();
closeOnSignals(running, log);
// A process that cannot hear Feishu must not look alive: one line naming the cause, then exit 1.
if (running.mode === 'websocket') {
  void running.gaveUp.then((error: LongConnectionRefusedError) => {
    log.fatal({ code: error.code }, error.message);
    process.exit(1);
  });
}
