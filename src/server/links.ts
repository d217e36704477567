// **links** turns IRIs found in the data into hrefs that cannot leave the site by accident: an IRI under the dataset
// base becomes a path on this site only when a browser would read that path as one (not `//host`, `/\host`, ...);
// anything else stays absolute and is shown as such. Also the paths of an entity's page and data document.

import { encodeHubId, type EntityRef } from '../iri.js';

const PROBE_ORIGIN = 'http://site.invalid';

/** The path of an entity's RDF document on this site. */
export function dataPath(ref: EntityRef): string {
  return `/data/${ref.kind}/${encodeHubId(ref.id)}`;
}

/** The path of an entity's HTML page on this site. */
export function pagePath(ref: EntityRef): string {
  return `/page/${ref.kind}/${encodeHubId(ref.id)}`;
}

/**
 * The path on this site that serves `iri` (an IRI under `base`), or undefined when the rest of the IRI would not stay a
 * path: `base` + `/evil.example/x` would give `//evil.example/x`, a link to another host. The WHATWG URL parser reads
 * hrefs as browsers do (tabs and newlines dropped, `\` as `/`), so what it keeps on the probe origin stays on ours.
 */
export function sitePath(iri: string, base: string): string | undefined {
  if (!iri.startsWith(base)) return undefined;
  const rest = iri.slice(base.length);
  let url: URL;
  try {
    url = new URL(`/${rest}`, PROBE_ORIGIN);
  } catch {
    return undefined;
  }
  if (url.origin !== PROBE_ORIGIN) return undefined;
  const path = url.pathname + url.search + url.hash;
  // A path that starts with two slashes (or a slash and a backslash) is itself a network-path reference.
  return /^\/[/\\]/.test(path) ? undefined : path;
}

/** An absolute http(s) IRI that may be linked to as it is. */
export function isWebIri(iri: string): boolean {
  try {
    const url = new URL(iri);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
