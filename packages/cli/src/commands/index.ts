import type { Command } from '../command';
import { conformanceCommand } from './conformance';
import { contractsCommand } from './contracts';
import { demoCommand } from './demo';

/** Every subcommand, in the order `omnistock --help` lists them. Add new commands here. */
export const commands: readonly Command[] = [demoCommand, conformanceCommand, contractsCommand];
