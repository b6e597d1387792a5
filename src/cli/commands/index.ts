// Every `murphy` subcommand, in the order `murphy help` lists them.
import type { Command } from '../command.js';
import { coordinatorCommand } from './coordinator.js';
import { creditCommand } from './credit.js';
import { evalCommand } from './eval.js';
import { execCommand } from './exec.js';
import { executorCommand } from './executor.js';
import { operatorCommand } from './operator.js';
import { renderCommand } from './render.js';
import { runCommand } from './run.js';
import { validateCommand } from './validate.js';

export const commands: readonly Command[] = [runCommand, validateCommand, creditCommand, renderCommand, operatorCommand, executorCommand, coordinatorCommand, execCommand, evalCommand];
