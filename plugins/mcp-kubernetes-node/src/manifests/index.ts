export { checkRenderedManifests } from './checkRenderedManifests';
export type { ManifestFinding } from './types';
