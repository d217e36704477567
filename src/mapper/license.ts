// **license** maps Hub license ids to SPDX: a Hub id that is an SPDX license id (compared case-insensitively) gets the
// SPDX IRI http://spdx.org/licenses/{canonical id}; Hub-only ids (openrail, llama3, other, ...) stay literals only.

import { NS } from '../vocab.js';

/**
 * SPDX ids in canonical casing that the Hub's license list uses (https://huggingface.co/docs/hub/repositories-licenses)
 *  plus common neighbours a card may name. Hub ids such as `cc`, `bsd`, `gpl`, `odbl`, `pddl` are not SPDX ids. */
const SPDX_IDS = [
  '0BSD',
  'AFL-3.0',
  'AGPL-3.0',
  'AGPL-3.0-only',
  'AGPL-3.0-or-later',
  'Apache-1.1',
  'Apache-2.0',
  'Artistic-2.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'BSD-3-Clause-Clear',
  'BSD-4-Clause',
  'BSL-1.0',
  'CC-BY-1.0',
  'CC-BY-2.0',
  'CC-BY-2.5',
  'CC-BY-3.0',
  'CC-BY-4.0',
  'CC-BY-NC-1.0',
  'CC-BY-NC-2.0',
  'CC-BY-NC-2.5',
  'CC-BY-NC-3.0',
  'CC-BY-NC-4.0',
  'CC-BY-NC-ND-2.0',
  'CC-BY-NC-ND-2.5',
  'CC-BY-NC-ND-3.0',
  'CC-BY-NC-ND-4.0',
  'CC-BY-NC-SA-2.0',
  'CC-BY-NC-SA-2.5',
  'CC-BY-NC-SA-3.0',
  'CC-BY-NC-SA-4.0',
  'CC-BY-ND-2.0',
  'CC-BY-ND-3.0',
  'CC-BY-ND-4.0',
  'CC-BY-SA-2.0',
  'CC-BY-SA-2.5',
  'CC-BY-SA-3.0',
  'CC-BY-SA-4.0',
  'CC0-1.0',
  'CDLA-Permissive-1.0',
  'CDLA-Permissive-2.0',
  'CDLA-Sharing-1.0',
  'ECL-2.0',
  'EPL-1.0',
  'EPL-2.0',
  'etalab-2.0',
  'EUPL-1.1',
  'EUPL-1.2',
  'GFDL-1.3',
  'GPL-2.0',
  'GPL-2.0-only',
  'GPL-2.0-or-later',
  'GPL-3.0',
  'GPL-3.0-only',
  'GPL-3.0-or-later',
  'ISC',
  'LGPL-2.1',
  'LGPL-2.1-only',
  'LGPL-3.0',
  'LGPL-3.0-only',
  'LPPL-1.3c',
  'MIT',
  'MIT-0',
  'MPL-2.0',
  'MS-PL',
  'NCSA',
  'ODbL-1.0',
  'ODC-By-1.0',
  'OFL-1.1',
  'OSL-3.0',
  'PDDL-1.0',
  'PostgreSQL',
  'Unlicense',
  'UPL-1.0',
  'WTFPL',
  'Zlib',
];

const BY_LOWER: ReadonlyMap<string, string> = new Map(SPDX_IDS.map((id) => [id.toLowerCase(), id]));

/** The canonical SPDX id for a Hub license id, or undefined when it is not an SPDX id. */
export function spdxId(hubLicense: string): string | undefined {
  return BY_LOWER.get(hubLicense.trim().toLowerCase());
}

/** SPDX license IRI for a Hub license id, or undefined. */
export function spdxIri(hubLicense: string): string | undefined {
  const id = spdxId(hubLicense);
  return id === undefined ? undefined : NS.spdx + id;
}
