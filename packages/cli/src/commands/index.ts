import type { Command } from '../command';
import { demoCommand } from './demo';

/** Every subcommand, in the order `omnistock --help` lists them. Add new commands here. */
export const commands: readonly Command[] = [demoCommand];
