import { closeOnSignals, createLogger, exitOnFatalError, loadConfigOrExit } from '@feishu-welcome/shared';
import { loadDashboardConfig } from './dashboard-config.js';
import { startDashboard } from './start-dashboard.js';

const config = loadConfigOrExit(() => loadDashboardConfig(process.env), 'dashboard');
const log = createLogger({ name: 'dashboard', level: config.logLevel });
exitOnFatalError(log, { DASHBOARD_PORT: config.port });
closeOnSignals(await startDashboard(config, { log }), log);
