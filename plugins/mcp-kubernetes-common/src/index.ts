/**
 * Types, permissions and annotation keys shared by the mcp-kubernetes plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './status';
export * from './policy';
export * from './permissions';
