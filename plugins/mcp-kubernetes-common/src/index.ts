/**
 * Types, permissions and annotation keys shared by the mcp-kubernetes plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './status';
export * from './fleet';
export * from './policy';
export * from './permissions';
export * from './names';
export * from './deployAnswers';
export * from './redact';
export * from './day2';
