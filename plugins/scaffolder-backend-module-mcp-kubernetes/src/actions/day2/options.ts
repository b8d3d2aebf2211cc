import {
  AuditorService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  ClusterRegistry,
  HelmRunner,
  readRecordedReleaseOwner,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { InMemoryReleaseLocks, ReleaseLocks } from '../../lock/releaseLock';
import { OperationsJournalWriter } from '../../journal/OperationsJournalClient';
import { InstallDeps } from '../steps/install';
import { Day2Deps } from './ownedRelease';

/** What the restart, rollback and uninstall actions are made from. @public */
export interface Day2ActionOptions {
  helmRunner: HelmRunner;
  clusterRegistry: ClusterRegistry;
  /** Resolves the initiator's ownership refs (checked against the recorded owner). */
  userInfo: UserInfoService;
  /** Answers `mcp-kubernetes.install.operate` on the install's recorded entity. */
  permissions: PermissionsService;
  auditor?: AuditorService;
  /** The deploy action's locks (default: in-process only). */
  locks?: ReleaseLocks;
  /** Reads the recorded owner of a live release (default: its Deployment's annotations). */
  readOwner?: InstallDeps['readOwner'];
  /** `--timeout` when the input has none (default 300 s). */
  defaultTimeoutSeconds?: number;
  /** Where finished operations are journaled for the release history (default: nowhere). */
  journal?: OperationsJournalWriter;
}

export function day2Deps(options: Day2ActionOptions): Day2Deps {
  return {
    helmRunner: options.helmRunner,
    clusterRegistry: options.clusterRegistry,
    userInfo: options.userInfo,
    permissions: options.permissions,
    auditor: options.auditor,
    locks: options.locks ?? new InMemoryReleaseLocks(),
    readOwner: options.readOwner ?? readRecordedReleaseOwner,
  };
}

/** A lock holder unique to this attempt of this task. */
export function lockHolder(taskId: string | undefined, random: string) {
  return `${taskId ?? 'task'}/${random}`;
}
