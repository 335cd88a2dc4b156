export { main } from './main';
export type { Command, Io } from './command';
export { UsageError } from './command';
