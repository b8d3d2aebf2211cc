import { ResponseError } from '@backstage/errors';

const MAX_LENGTH = 500;

/**
 * A short, human message for an error: the backend's own message when it sent one
 * (a ResponseError's generic "Request failed with 403" says less), cut to a sane length.
 */
export function errorText(error: unknown): string {
  let text: string;
  if (error instanceof ResponseError) {
    text = error.body?.error?.message || error.message;
  } else if (error instanceof Error) {
    text = error.message;
  } else {
    text = String(error);
  }
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text;
}
