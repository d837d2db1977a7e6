import { closeOnSignals, createLogger, exitOnFatalError, loadConfigOrExit } from '@feishu-welcome/shared';
import { loadStandInConfig } from './stand-in-config.js';
import { startStandIn } from './start-stand-in.js';

const config = loadConfigOrExit(() => loadStandInConfig(process.env), 'feishu-stand-in');
const log = createLogger({ name: 'feishu-stand-in', level: config.logLevel });
exitOnFatalError(log, { STAND_IN_PORT: config.port });
closeOnSignals(await startStandIn(config, { log }), log);
