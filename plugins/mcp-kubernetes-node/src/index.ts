/**
 * Node library for mcp-kubernetes: cluster access, policy engine, helm runner, manifest checks.
 *
 * @packageDocumentation
 */

// Cluster access, watch cache and pod proxy (cluster layer)
export * from './cluster';

// Company policy engine (deploy engineer)
export * from './policy';

// Helm runner (deploy engineer; pinnedHelm.ts by the chart engineer)
export * from './helm';

// Offline checks of rendered manifests (chart engineer)
export * from './manifests';
