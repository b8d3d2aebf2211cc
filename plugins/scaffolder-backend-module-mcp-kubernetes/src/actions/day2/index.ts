export { createRestartAction, RESTART_ACTION_ID } from './restart';
export { createRollbackAction, ROLLBACK_ACTION_ID } from './rollback';
export { createUninstallAction, UNINSTALL_ACTION_ID } from './uninstall';
export type { Day2ActionOptions } from './options';
