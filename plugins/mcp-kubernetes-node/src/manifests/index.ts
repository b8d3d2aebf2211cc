export { checkRenderedManifests } from './checkRenderedManifests';
export type { ManifestFinding } from './types';
export { parseRenderedManifests } from './renderedManifests';
export type { RenderedManifests } from './renderedManifests';
