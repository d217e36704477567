// Placeholder until this command lands; replaced by its owner.
import type { Command } from 'commander';

export function registerLoad(_program: Command): void {}
