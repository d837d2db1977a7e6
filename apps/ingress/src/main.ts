import { closeOnSignals, createLogger, exitOnFatalError, loadConfigOrExit } from '@feishu-welcome/shared';
import { loadIngressConfig } from './ingress-config.js';
import { startIngress } from './start-ingress.js';

const config = loadConfigOrExit(() => loadIngressConfig(process.env), 'ingress');
const log = createLogger({ name: 'ingress', level: config.logLevel });
exitOnFatalError(log, { PORT: config.port, METRICS_PORT: config.metricsPort });
closeOnSignals(await startIngress(config, { log }), log);
