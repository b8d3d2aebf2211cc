import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InstallStatus,
  installKey,
  redactSecrets,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  ConditionThresholds,
  NotificationCondition,
  TRACK_OF,
  workloadErrors,
  ObservedCondition,
} from './conditions';

/** What the notifications backend receives. @internal */
export type NotificationPayload = NotificationSendOptions['payload'];

/** Cluster text in a notification is short: it is a pointer to the card, not a log. */
const MAX_CLUSTER_TEXT = 300;

const DAY_MS = 24 * 60 * 60 * 1000;

const TITLES: Record<NotificationCondition, string> = {
  'key-warning': 'OAuth encryption key due for rotation',
  'key-overdue': 'OAuth encryption key overdue for rotation',
  'external-secret-failing': 'ExternalSecret failing',
  'install-failing': 'install failing',
};

const RESOLVED_TITLES: Record<NotificationCondition, string> = {
  'key-warning': 'OAuth encryption key rotated',
  'key-overdue': 'OAuth encryption key rotated',
  'external-secret-failing': 'ExternalSecret recovered',
  'install-failing': 'install recovered',
};

/**
 * Cluster text (ESO messages, pod reasons) goes through the shared redactor, always, and loses
 * control characters so it cannot forge lines in an email or chat processor's rendering.
 */
const clusterText = (text: string) =>
  // eslint-disable-next-line no-control-regex
  redactSecrets(text, MAX_CLUSTER_TEXT).replace(/[\u0000-\u001f\u007f]+/g, ' ');

/**
 * The owner group of an install as a full entity ref (`group:default/team-a`), or undefined
 * when none is recorded or it does not parse.
 *
 * @internal
 */
export function ownerRefOf(status: InstallStatus): string | undefined {
  const owner = status.recorded?.owner;
  if (!owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/** The recorded entity's page in the portal, e.g. `/catalog/default/component/my-mcp`. @internal */
export function entityLinkOf(status: InstallStatus): string | undefined {
  const ref = status.recorded?.entityRef;
  if (!ref) return undefined;
  try {
    const { kind, namespace, name } = parseEntityRef(ref);
    return `/catalog/${[namespace, kind.toLocaleLowerCase('en-US'), name]
      .map(encodeURIComponent)
      .join('/')}`;
  } catch {
    return undefined;
  }
}

/** Topic shared by every notification of an install (the UI groups and filters by it). @internal */
export const topicOf = (status: InstallStatus) =>
  `mcp-kubernetes:${installKey(status.install)}`;

/**
 * One scope per install and track: a newer notification of the same track (overdue after a
 * warning, the "resolved" after either) replaces the earlier one in the notifications UI.
 */
const scopeOf = (status: InstallStatus, condition: NotificationCondition) =>
  `${topicOf(status)}:${TRACK_OF[condition]}`;

const day = (iso: string) => iso.slice(0, 10);

function describeCondition(
  status: InstallStatus,
  observed: ObservedCondition,
  thresholds: ConditionThresholds,
): string {
  const release = status.install.release;
  switch (observed.condition) {
    case 'key-warning':
    case 'key-overdue': {
      const key = status.keyRotation;
      const age =
        key.ageDays ??
        (key.lastRotatedAt
          ? Math.floor(
              (Date.parse(observed.since) - Date.parse(key.lastRotatedAt)) /
                DAY_MS,
            )
          : undefined);
      const changed = key.lastRotatedAt
        ? `last changed on ${day(key.lastRotatedAt)}`
        : 'change time unknown';
      const verdict =
        observed.condition === 'key-overdue'
          ? `past the ${key.maxAgeDays}-day maximum since ${day(
              observed.since,
            )}`
          : `past the ${key.warnAfterDays}-day warning age (maximum ${key.maxAgeDays} days)`;
      return `The OAuth encryption key of ${release} is ${
        age === undefined ? 'old' : `${age} days old`
      } (${changed}), ${verdict}. Rotate it and restart the install so the pods use the new key.`;
    }
    case 'external-secret-failing': {
      const es = status.externalSecret;
      const why = [es.ready?.reason, es.ready?.message]
        .filter(Boolean)
        .join(': ');
      return `ExternalSecret ${
        es.name ?? ''
      } of ${release} has not been Ready since ${observed.since} (threshold ${
        thresholds.externalSecretFailingMinutes
      } minutes)${why ? `: ${clusterText(why)}` : ''}.`;
    }
    case 'install-failing': {
      const errors = workloadErrors(status).slice(0, 3).map(clusterText);
      return `${release} has been failing since ${observed.since} (threshold ${
        thresholds.installFailingMinutes
      } minutes): ${errors.join('; ')}.`;
    }
    default:
      return '';
  }
}

const base = (status: InstallStatus, condition: NotificationCondition) => {
  const link = entityLinkOf(status);
  return {
    topic: topicOf(status),
    scope: scopeOf(status, condition),
    ...(link ? { link } : {}),
  };
};

/** The notification that a condition has passed its threshold. @internal */
export function conditionPayload(
  status: InstallStatus,
  observed: ObservedCondition,
  thresholds: ConditionThresholds,
): NotificationPayload {
  const release = installKey(status.install);
  return {
    title: `${release}: ${TITLES[observed.condition]}`,
    description: describeCondition(status, observed, thresholds),
    severity: observed.condition === 'key-warning' ? 'normal' : 'high',
    ...base(status, observed.condition),
    metadata: { condition: observed.condition, state: 'active' },
  };
}

/** The notification that a condition (the worst of its track the owner was told) ended. @internal */
export function resolvedPayload(
  status: InstallStatus,
  condition: NotificationCondition,
  activeSince: string,
): NotificationPayload {
  const release = installKey(status.install);
  return {
    title: `Resolved: ${release}: ${RESOLVED_TITLES[condition]}`,
    description: `${TITLES[condition]} (since ${activeSince}) no longer applies to ${status.install.release}.`,
    severity: 'low',
    ...base(status, condition),
    metadata: { condition, state: 'resolved' },
  };
}
