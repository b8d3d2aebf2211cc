import { AuditorService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  answersFromChartValues,
  InstallAnswersResponse,
  InstallRef,
  mcpKubernetesStatusReadPermission,
  ReleaseHistoryResponse,
  ValuesDiffResponse,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import type {
  ClusterRegistry,
  HelmReleaseRef,
  HelmReleaseState,
  HelmRunner,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { audited, Caller } from '../service/audit';
import { InstallAccess } from '../service/installAccess';
import { joinHistory } from './joinHistory';
import { OperationsJournal } from './OperationsJournal';
import { diffValues } from './valuesDiff';

const where = (i: InstallRef) =>
  `release "${i.release}" in namespace "${i.namespace}" of cluster "${i.cluster}"`;

/**
 * The release history and values diff of an install, authorized like a status read (the
 * install's recorded entity, `mcp-kubernetes.status.read`) and audited. Values are read here,
 * in the backend, and only leave it masked.
 */
export class HistoryReads {
  constructor(
    private readonly options: {
      auditor: AuditorService;
      access: InstallAccess;
      helm: HelmRunner;
      clusters: ClusterRegistry;
      journal: OperationsJournal;
    },
  ) {}

  /** helm's revisions, newest first, each with the journal entry that made it; plus restarts. */
  history(
    install: InstallRef,
    caller: Caller,
  ): Promise<ReleaseHistoryResponse> {
    return this.read(
      'release-history-read',
      install,
      caller,
      {},
      async () => {
        const [states, journal] = await Promise.all([
          this.helmHistory(install),
          this.options.journal.list(install),
        ]);
        return joinHistory(states, journal);
      },
      result => ({ revisions: result.revisions.length }),
    );
  }

  /** The changed values paths between two revisions, credentials masked. */
  valuesDiff(
    install: InstallRef,
    range: { from: number; to: number },
    caller: Caller,
  ): Promise<ValuesDiffResponse> {
    return this.read(
      'release-values-diff-read',
      install,
      caller,
      { from: range.from, to: range.to },
      async () => {
        const states = await this.helmHistory(install);
        const kept = new Set(states.map(s => s.revision));
        for (const revision of [range.from, range.to]) {
          if (!kept.has(revision)) {
            throw new NotFoundError(
              `The mcp-kubernetes ${where(
                install,
              )} has no revision ${revision}; helm keeps revisions ${[...kept]
                .sort((a, b) => a - b)
                .join(', ')}`,
            );
          }
        }
        const ref = this.ref(install);
        const [from, to] = await Promise.all([
          this.options.helm.getValues({ ...ref, revision: range.from }),
          this.options.helm.getValues({ ...ref, revision: range.to }),
        ]);
        return {
          from: range.from,
          to: range.to,
          entries: diffValues(from, to),
        };
      },
      result => ({ entries: result.entries.length }),
    );
  }

  /**
   * The typed answers the release's current values come from, so an upgrade form starts from
   * what is installed (an upgrade takes the whole set of answers). Names only, no credential.
   */
  currentAnswers(
    install: InstallRef,
    caller: Caller,
  ): Promise<InstallAnswersResponse> {
    return this.read(
      'release-answers-read',
      install,
      caller,
      {},
      async () => {
        const states = await this.helmHistory(install);
        const revision = states[states.length - 1].revision;
        const values = await this.options.helm.getValues({
          ...this.ref(install),
          revision,
        });
        return { revision, answers: answersFromChartValues(values) };
      },
      result => ({ revision: result.revision }),
    );
  }

  /** One audited read: the caller is authorized like a status read before `fn` runs. */
  private read<T>(
    eventId: string,
    install: InstallRef,
    caller: Caller,
    meta: JsonObject,
    fn: () => Promise<T>,
    successMeta: (result: T) => JsonObject,
  ): Promise<T> {
    return audited(
      this.options.auditor,
      { eventId, severityLevel: 'low', caller, meta: { ...install, ...meta } },
      async () => {
        await this.options.access.forInstall(
          mcpKubernetesStatusReadPermission,
          install,
          caller.credentials,
        );
        return fn();
      },
      successMeta,
    );
  }

  private ref(install: InstallRef): HelmReleaseRef {
    return {
      kubeConfig: this.options.clusters.getKubeConfig(install.cluster),
      release: install.release,
      namespace: install.namespace,
    };
  }

  /** `helm history`; a release helm does not know is a 404 naming it. */
  private async helmHistory(install: InstallRef): Promise<HelmReleaseState[]> {
    const states = await this.options.helm.releaseHistory(this.ref(install));
    if (states.length === 0) {
      throw new NotFoundError(
        `No helm ${where(install)}: it was never installed or was uninstalled`,
      );
    }
    return states;
  }
}
