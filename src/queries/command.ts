// Placeholder until this command lands; replaced by its owner.
import type { Command } from 'commander';

export function registerQuery(_program: Command): void {}
