// Module customization hooks (node:module register) that append the URL of every module the process resolves to the
// file named by HUGGINGKG_MODULE_TRACE: what a command really loaded, whatever loaded it (static or dynamic import).

import { appendFileSync } from 'node:fs';

type Next = (specifier: string, context: unknown) => Promise<{ url: string }>;

export async function resolve(specifier: string, context: unknown, next: Next): Promise<{ url: string }> {
  const resolved = await next(specifier, context);
  const file = process.env.HUGGINGKG_MODULE_TRACE;
  if (file) appendFileSync(file, resolved.url + '\n');
  return resolved;
}
