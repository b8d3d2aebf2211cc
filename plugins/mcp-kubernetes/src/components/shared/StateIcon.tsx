import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { HealthState } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

const LABELS: Record<HealthState, string> = {
  ok: 'Healthy',
  warning: 'Degraded',
  error: 'Failing',
  unknown: 'Unknown',
};

/** Human label of a health state, shared by the card and the fleet page. */
export function stateLabel(state: HealthState): string {
  return LABELS[state] ?? 'Unknown';
}

/** The stock Status* icon for a state, followed by its label (or custom text). */
export function StateIcon(props: { state: HealthState; label?: string }) {
  const text = props.label ?? stateLabel(props.state);
  switch (props.state) {
    case 'ok':
      return <StatusOK>{text}</StatusOK>;
    case 'warning':
      return <StatusWarning>{text}</StatusWarning>;
    case 'error':
      return <StatusError>{text}</StatusError>;
    default:
      return <StatusPending>{text}</StatusPending>;
  }
}
