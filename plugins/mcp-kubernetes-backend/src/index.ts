/**
 * Backend plugin for mcp-kubernetes: status, fleet, health probes, ExternalSecret sync and key
 * rotation of mcp-kubernetes installs, from a watch-fed cache.
 *
 * @packageDocumentation
 */
export { mcpKubernetesPlugin as default } from './plugin';
export { StatusService } from './service/StatusService';
export type {
  InstallRecord,
  StatusServiceOptions,
  InstallCatalogInfo,
  LivePolicyCheck,
} from './service/StatusService';
export { buildInstallStatus } from './status/buildInstallStatus';
export type { StatusContext } from './status/buildInstallStatus';
export type { SnapshotSource } from './status/snapshotTypes';
export type {
  FingerprintRecord,
  KeyRotationLimits,
} from './status/keyRotation';
