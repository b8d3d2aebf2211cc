import {
  answersFromChartValues,
  ChartAnswers,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

type AnswerKey = keyof ChartAnswers;

/** Answers that stand on their own; the rest only mean something when their switch is on. */
const TOP_LEVEL: AnswerKey[] = [
  'size',
  'imageTag',
  'access',
  'oauthEnabled',
  'ingressEnabled',
];
const OAUTH: AnswerKey[] = [
  'baseURL',
  'existingSecret',
  'externalSecretEnabled',
];
const EXTERNAL_SECRET: AnswerKey[] = ['secretStoreName', 'secretStoreKind'];
const INGRESS: AnswerKey[] = [
  'ingressHost',
  'ingressClassName',
  'tlsSecretName',
];

/**
 * An upgrade's answers with every question the caller left out taken from the
 * release as installed (its values read back with `answersFromChartValues`),
 * so an upgrade that names only a new image tag keeps OAuth, ingress and size
 * as they are instead of resetting them to the form's defaults. Answers that
 * were sent always win; the sub-answers of OAuth, its ExternalSecret and
 * ingress are taken only while that switch ends up on.
 */
export function withInstalledAnswers(
  raw: Record<string, unknown>,
  installedValues: unknown,
): { answers: Record<string, unknown>; kept: AnswerKey[] } {
  const installed = answersFromChartValues(installedValues);
  const answers: Record<string, unknown> = { ...raw };
  const kept: AnswerKey[] = [];
  const sent = (key: string) => Object.prototype.hasOwnProperty.call(raw, key);
  const keep = (keys: AnswerKey[]) => {
    for (const key of keys) {
      if (!sent(key) && installed[key] !== undefined) {
        answers[key] = installed[key];
        kept.push(key);
      }
    }
  };
  keep(TOP_LEVEL);
  if (answers.oauthEnabled === true) {
    keep(OAUTH);
    if (answers.externalSecretEnabled === true) keep(EXTERNAL_SECRET);
  }
  if (answers.ingressEnabled === true) keep(INGRESS);
  return { answers, kept };
}
