import { LocatedObject, ManifestFinding, ManifestObject } from './types';
import { isRecord, joinPath } from './paths';

/**
 * The Pod Security Standards "restricted" profile (which includes
 * "baseline"), checked over every pod template, as the API server's
 * PodSecurity admission would with `enforce: restricted`.
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */

const ALLOWED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const ALLOWED_SELINUX_TYPES = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);
const CONTAINER_LISTS = [
  'initContainers',
  'containers',
  'ephemeralContainers',
] as const;

/** Where a kind keeps its pod spec, as a path of keys. */
function podSpecLocation(kind: string): string[] | undefined {
  switch (kind) {
    case 'Pod':
      return ['spec'];
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
    case 'PodTemplate':
      return kind === 'PodTemplate'
        ? ['template', 'spec']
        : ['spec', 'template', 'spec'];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    default:
      return undefined;
  }
}

function dig(object: ManifestObject, keys: string[]): unknown {
  let current: unknown = object;
  for (const key of keys) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

interface ContainerRef {
  container: Record<string, unknown>;
  path: string;
}

class PssChecker {
  readonly findings: ManifestFinding[] = [];
  constructor(private readonly located: LocatedObject) {}

  fail(path: string, message: string): void {
    this.findings.push({
      kind: this.located.kind,
      name: this.located.name,
      rule: 'pss-restricted',
      path,
      message,
    });
  }

  check(
    spec: Record<string, unknown>,
    specPath: string,
    annotations: Record<string, unknown>,
    annotationsPath: string,
  ): void {
    const podSc = record(spec.securityContext);
    const podScPath = joinPath(specPath, 'securityContext');
    for (const ns of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (spec[ns] === true)
        this.fail(
          joinPath(specPath, ns),
          `${ns} must not be true (host namespaces)`,
        );
    }
    this.checkVolumes(spec, specPath);
    this.checkSeLinux(
      podSc.seLinuxOptions,
      joinPath(podScPath, 'seLinuxOptions'),
    );
    if (
      isRecord(podSc.seccompProfile) &&
      podSc.seccompProfile.type === 'Unconfined'
    ) {
      this.fail(
        joinPath(podScPath, 'seccompProfile.type'),
        'seccompProfile.type must be RuntimeDefault or Localhost, not Unconfined',
      );
    }
    if (
      isRecord(podSc.appArmorProfile) &&
      podSc.appArmorProfile.type === 'Unconfined'
    ) {
      this.fail(
        joinPath(podScPath, 'appArmorProfile.type'),
        'appArmorProfile.type must not be Unconfined',
      );
    }
    if (podSc.runAsUser === 0)
      this.fail(
        joinPath(podScPath, 'runAsUser'),
        'runAsUser must not be 0 (root)',
      );
    if (podSc.runAsNonRoot === false)
      this.fail(
        joinPath(podScPath, 'runAsNonRoot'),
        'runAsNonRoot must not be false',
      );
    if (Array.isArray(podSc.sysctls)) {
      podSc.sysctls.forEach((sysctl, i) => {
        const name = record(sysctl).name;
        if (typeof name !== 'string' || !SAFE_SYSCTLS.has(name)) {
          this.fail(
            joinPath(podScPath, `sysctls[${i}]`),
            `sysctl ${String(name)} is not in the safe set`,
          );
        }
      });
    }
    for (const [key, value] of Object.entries(annotations)) {
      if (
        key.startsWith('container.apparmor.security.beta.kubernetes.io/') &&
        typeof value === 'string' &&
        value !== 'runtime/default' &&
        !value.startsWith('localhost/')
      ) {
        this.fail(
          `${annotationsPath}.${key}`,
          `AppArmor profile ${value} is not allowed (use runtime/default or localhost/*)`,
        );
      }
    }

    const containers = this.containers(spec, specPath);
    if (containers.length === 0)
      this.fail(joinPath(specPath, 'containers'), 'the pod has no containers');
    for (const ref of containers) this.checkContainer(ref, podSc);
  }

  private containers(
    spec: Record<string, unknown>,
    specPath: string,
  ): ContainerRef[] {
    const refs: ContainerRef[] = [];
    for (const list of CONTAINER_LISTS) {
      const items = spec[list];
      if (Array.isArray(items)) {
        items.forEach((c, i) =>
          refs.push({
            container: record(c),
            path: joinPath(joinPath(specPath, list), i),
          }),
        );
      }
    }
    return refs;
  }

  private checkVolumes(spec: Record<string, unknown>, specPath: string): void {
    if (!Array.isArray(spec.volumes)) return;
    spec.volumes.forEach((volume, i) => {
      const path = joinPath(joinPath(specPath, 'volumes'), i);
      const types = Object.keys(record(volume)).filter(k => k !== 'name');
      for (const type of types) {
        if (!ALLOWED_VOLUME_TYPES.has(type)) {
          this.fail(
            joinPath(path, type),
            `volume type ${type} is not allowed (allowed: ${[
              ...ALLOWED_VOLUME_TYPES,
            ].join(', ')})`,
          );
        }
      }
    });
  }

  private checkSeLinux(options: unknown, path: string): void {
    if (!isRecord(options)) return;
    if (
      typeof options.type === 'string' &&
      !ALLOWED_SELINUX_TYPES.has(options.type)
    ) {
      this.fail(
        joinPath(path, 'type'),
        `SELinux type ${options.type} is not allowed`,
      );
    }
    for (const key of ['user', 'role']) {
      if (options[key])
        this.fail(joinPath(path, key), `SELinux ${key} must not be set`);
    }
  }

  private checkContainer(
    { container, path }: ContainerRef,
    podSc: Record<string, unknown>,
  ): void {
    const sc = record(container.securityContext);
    const scPath = joinPath(path, 'securityContext');
    if (sc.privileged === true)
      this.fail(joinPath(scPath, 'privileged'), 'privileged must not be true');
    if (sc.allowPrivilegeEscalation !== false) {
      this.fail(
        joinPath(scPath, 'allowPrivilegeEscalation'),
        'allowPrivilegeEscalation must be false',
      );
    }
    if (
      !(
        sc.runAsNonRoot === true ||
        (podSc.runAsNonRoot === true && sc.runAsNonRoot !== false)
      )
    ) {
      this.fail(
        joinPath(scPath, 'runAsNonRoot'),
        'runAsNonRoot must be true (in the container or the pod securityContext)',
      );
    }
    if (sc.runAsUser === 0)
      this.fail(
        joinPath(scPath, 'runAsUser'),
        'runAsUser must not be 0 (root)',
      );
    const seccomp = isRecord(sc.seccompProfile)
      ? sc.seccompProfile.type
      : record(podSc.seccompProfile).type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      this.fail(
        joinPath(scPath, 'seccompProfile.type'),
        'seccompProfile.type must be RuntimeDefault or Localhost (in the container or the pod securityContext)',
      );
    }
    if (
      isRecord(sc.appArmorProfile) &&
      sc.appArmorProfile.type === 'Unconfined'
    ) {
      this.fail(
        joinPath(scPath, 'appArmorProfile.type'),
        'appArmorProfile.type must not be Unconfined',
      );
    }
    if (sc.procMount !== undefined && sc.procMount !== 'Default') {
      this.fail(joinPath(scPath, 'procMount'), 'procMount must be Default');
    }
    this.checkSeLinux(sc.seLinuxOptions, joinPath(scPath, 'seLinuxOptions'));
    const caps = record(sc.capabilities);
    const drop = Array.isArray(caps.drop) ? caps.drop : [];
    if (!drop.includes('ALL')) {
      this.fail(
        joinPath(scPath, 'capabilities.drop'),
        'capabilities.drop must include ALL',
      );
    }
    const add = Array.isArray(caps.add) ? caps.add : [];
    add.forEach((cap, i) => {
      if (cap !== 'NET_BIND_SERVICE') {
        this.fail(
          joinPath(scPath, `capabilities.add[${i}]`),
          `capability ${String(cap)} must not be added (only NET_BIND_SERVICE)`,
        );
      }
    });
    if (Array.isArray(container.ports)) {
      container.ports.forEach((port, i) => {
        const hostPort = record(port).hostPort;
        if (hostPort !== undefined && hostPort !== 0) {
          this.fail(
            `${joinPath(joinPath(path, 'ports'), i)}.hostPort`,
            'hostPort must not be set',
          );
        }
      });
    }
  }
}

/** `pss-restricted` findings of an object's pod template (none for kinds without one). */
export function checkPodSecurityRestricted(
  located: LocatedObject,
): ManifestFinding[] {
  const location = podSpecLocation(located.kind);
  if (!location) return [];
  const spec = dig(located.object, location);
  const specPath = location.join('.');
  if (!isRecord(spec)) {
    return [
      {
        kind: located.kind,
        name: located.name,
        rule: 'pss-restricted',
        path: specPath,
        message: `${specPath} is missing, so its pods cannot be checked`,
      },
    ];
  }
  const metaKeys = [...location.slice(0, -1), 'metadata'];
  const podMeta = dig(located.object, metaKeys);
  const checker = new PssChecker(located);
  checker.check(
    spec,
    specPath,
    record(record(podMeta).annotations),
    [...metaKeys, 'annotations'].join('.'),
  );
  return checker.findings;
}

export { podSpecLocation, dig };
