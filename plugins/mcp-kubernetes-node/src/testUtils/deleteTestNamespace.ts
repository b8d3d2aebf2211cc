import https from 'node:https';
import http from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';

async function request(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('KubeConfig has no current cluster');
  const url = new URL(server.replace(/\/+$/, '') + path);
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      {
        ...opts,
        method,
        headers: {
          ...(opts.headers as http.OutgoingHttpHeaders),
          Accept: 'application/json',
          'Content-Type': 'application/json',
        },
      },
      res => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', c => {
          data += c;
        });
        res.on('end', () => {
          let json: any;
          try {
            json = JSON.parse(data);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Every namespaced resource (not subresource) that supports deletecollection, as API paths. */
async function namespacedCollections(kc: KubeConfig): Promise<string[]> {
  const groupVersions = ['/api/v1'];
  const groups = await request(kc, 'GET', '/apis');
  for (const g of groups.json?.groups ?? []) {
    if (g.preferredVersion?.groupVersion) {
      groupVersions.push(`/apis/${g.preferredVersion.groupVersion}`);
    }
  }
  const paths: string[] = [];
  for (const gv of groupVersions) {
    const list = await request(kc, 'GET', gv);
    for (const r of list.json?.resources ?? []) {
      if (
        r.namespaced &&
        !String(r.name).includes('/') &&
        (r.verbs ?? []).includes('deletecollection')
      ) {
        paths.push(`${gv}|${r.name}`);
      }
    }
  }
  return paths;
}

/**
 * Deletes a test namespace on a bare API server, which has no namespace controller (a deleted
 * namespace would stay Terminating forever, its objects still listed cluster-wide): deletes every
 * namespaced collection in it (pods without grace: no kubelet confirms), then finalizes it.
 * Best effort; never throws.
 *
 * @public
 */
export async function deleteTestNamespace(
  kubeConfig: KubeConfig,
  namespace: string,
): Promise<void> {
  try {
    for (const entry of await namespacedCollections(kubeConfig)) {
      const [gv, resource] = entry.split('|');
      await request(
        kubeConfig,
        'DELETE',
        `${gv}/namespaces/${encodeURIComponent(
          namespace,
        )}/${resource}?gracePeriodSeconds=0`,
      );
    }
    await request(
      kubeConfig,
      'DELETE',
      `/api/v1/namespaces/${encodeURIComponent(namespace)}`,
    );
    const ns = await request(
      kubeConfig,
      'GET',
      `/api/v1/namespaces/${encodeURIComponent(namespace)}`,
    );
    if (ns.status === 200 && ns.json?.spec?.finalizers?.length) {
      await request(
        kubeConfig,
        'PUT',
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/finalize`,
        { ...ns.json, spec: { ...ns.json.spec, finalizers: [] } },
      );
    }
  } catch {
    // Cleanup must not hide the test's own result.
  }
}
