import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/** Who asks: the HTTP request when there is one (the auditor reads the actor from it), else credentials. */
export interface Caller {
  credentials: BackstageCredentials;
  request?: Request;
}

/** The actor of a call that has no HTTP request (an MCP action), for the audit event's meta. */
function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal?.type === 'user' && principal.userEntityRef)
    return principal.userEntityRef;
  if (principal?.type === 'service' && principal.subject)
    return `service:${principal.subject}`;
  return principal?.type ?? 'unknown';
}

/** Runs `fn` inside one audit event: success with `successMeta` of the result, or fail with the error. */
export async function audited<T>(
  auditor: AuditorService,
  event: {
    eventId: string;
    severityLevel: AuditorServiceEventSeverityLevel;
    caller: Caller;
    meta: JsonObject;
  },
  fn: () => Promise<T>,
  successMeta?: (result: T) => JsonObject,
): Promise<T> {
  const { caller } = event;
  const handle = await auditor.createEvent({
    eventId: event.eventId,
    severityLevel: event.severityLevel,
    ...(caller.request ? { request: caller.request } : {}),
    meta: caller.request
      ? event.meta
      : { ...event.meta, actor: actorOf(caller.credentials) },
  });
  try {
    const result = await fn();
    await handle.success(successMeta ? { meta: successMeta(result) } : {});
    return result;
  } catch (error) {
    await handle.fail({ error: error as Error });
    throw error;
  }
}
