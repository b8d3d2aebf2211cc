import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { scaffolderModuleMcpKubernetes } from '../module';

export const TEMPLATE_DIR = resolve(
  __dirname,
  '../../../../templates/deploy-mcp-kubernetes',
);
export const TEMPLATE_FILE = resolve(TEMPLATE_DIR, 'template.yaml');
export const TEMPLATE_REF = 'template:default/deploy-mcp-kubernetes';

/** A catalog entity as the catalog mock takes it (kept local: no catalog-model dependency). */
export type Entity = NonNullable<
  Parameters<typeof catalogServiceMock.factory>[0]
>['entities'] extends Array<infer E> | undefined
  ? E
  : never;

/** Backend config as mockServices.rootConfig takes it. */
export type BackendConfig = NonNullable<
  Parameters<typeof mockServices.rootConfig.factory>[0]
>['data'];

/** templates/<name>/template.yaml as the catalog serves it (file location, so ./skeleton resolves). */
export function loadTemplateEntity(name = 'deploy-mcp-kubernetes'): Entity {
  const file = resolve(TEMPLATE_DIR, '..', name, 'template.yaml');
  const entity = parse(readFileSync(file, 'utf8')) as Entity;
  entity.metadata.namespace = 'default';
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'backstage.io/managed-by-location': `file:${file}`,
    'backstage.io/managed-by-origin-location': `file:${file}`,
  };
  return entity;
}

/** The skeleton as the dry-run API wants it: base64 files relative to the template. */
export function skeletonDirectoryContents() {
  return [
    {
      path: 'skeleton/catalog-info.yaml',
      base64Content: readFileSync(
        resolve(TEMPLATE_DIR, 'skeleton/catalog-info.yaml'),
      ).toString('base64'),
    },
  ];
}

export interface TaskState {
  id: string;
  status: 'open' | 'processing' | 'completed' | 'failed' | 'cancelled';
  output?: Record<string, any>;
}

export interface TaskEvent {
  type: 'log' | 'completion' | 'cancelled' | 'recovered';
  body: { message: string; stepId?: string; status?: string; output?: any };
}

/**
 * The real scaffolder plugin (4.2.0) with our module, a catalog holding the
 * template, and the caller's config; talked to only through its HTTP API.
 */
export async function startScaffolder(options: {
  config: BackendConfig;
  entities?: Entity[];
}) {
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleMcpKubernetes,
      catalogServiceMock.factory({
        entities: [loadTemplateEntity(), ...(options.entities ?? [])],
      }),
      mockServices.rootConfig.factory({ data: options.config }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/api/scaffolder`;

  async function call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  }

  /** POST /v2/tasks as the form does on Create. */
  async function createTask(
    values: Record<string, unknown>,
    templateRef = TEMPLATE_REF,
  ) {
    return call('POST', '/v2/tasks', { templateRef, values });
  }

  async function getTask(id: string): Promise<TaskState> {
    const res = await call('GET', `/v2/tasks/${encodeURIComponent(id)}`);
    if (res.status !== 200) {
      throw new Error(
        `GET task ${id}: ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
    return res.body;
  }

  async function events(id: string): Promise<TaskEvent[]> {
    const res = await call('GET', `/v2/tasks/${encodeURIComponent(id)}/events`);
    return res.body;
  }

  /** Polls the task until it is finished; returns it with its log. */
  async function waitForTask(id: string, timeoutMs = 240_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const task = await getTask(id);
      if (['completed', 'failed', 'cancelled'].includes(task.status)) {
        const log = await events(id);
        // The task record has no output; the engine puts it on the completion event.
        const completion = log.find(e => e.type === 'completion');
        return {
          task: { ...task, output: completion?.body.output },
          log,
          messages: log.map(e => e.body.message ?? ''),
        };
      }
      if (Date.now() > deadline) {
        throw new Error(
          `task ${id} still ${task.status} after ${timeoutMs} ms; log: ${(
            await events(id)
          )
            .map(e => e.body.message)
            .join('\n')}`,
        );
      }
      await new Promise(r => setTimeout(r, 250));
    }
  }

  /** POST /v2/dry-run with a template (default: ours) and the form's answers. */
  async function dryRun(
    values: Record<string, unknown>,
    template: Entity = loadTemplateEntity(),
  ) {
    return call('POST', '/v2/dry-run', {
      template,
      values,
      directoryContents: skeletonDirectoryContents(),
    });
  }

  return { backend, call, createTask, getTask, waitForTask, events, dryRun };
}

export type ScaffolderClient = Awaited<ReturnType<typeof startScaffolder>>;
