import type { Command } from '../command';
import { atpCommand } from './atp';
import { conformanceCommand } from './conformance';
import { contractsCommand } from './contracts';
import { demoCommand } from './demo/index';
import { reconcileCommand } from './reconcile';
import { replayCommand } from './replay';
import { serveCommand } from './serve';
import { tourCommand } from './tour';

/** Every subcommand, in the order `omnistock --help` lists them. Add new commands here. */
export const commands: readonly Command[] = [
  serveCommand,
  demoCommand,
  atpCommand,
  replayCommand,
  reconcileCommand,
  conformanceCommand,
  contractsCommand,
  tourCommand,
];
