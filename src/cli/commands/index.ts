// Every `murphy` subcommand, in the order `murphy help` lists them.
import type { Command } from '../command.js';
import { creditCommand } from './credit.js';
import { validateCommand } from './validate.js';

export const commands: readonly Command[] = [validateCommand, creditCommand];
