export { Rng } from './rng';
export { formatSummary, simulate } from './simulator';
export type { SimulationOptions, SimulationSummary } from './simulator';
