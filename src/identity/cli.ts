import type { Command } from 'commander';
import type { CliKit } from '../platform/cli-kit.js';

/** PLACEHOLDER of the skeleton: `wangan identity ...` (replaced by its builder). */
export function identityCommands(_program: Command, _kit: CliKit): void {}
