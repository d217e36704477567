// **GraphStats** counts what VoID describes while the dump streams past: triples, subjects, class and property
// partitions.
// A subject's triples are not all together (a user's likes come from likes.jsonl, after users.jsonl), so distinct
// subjects
// are counted in a set of 53-bit hashes of their IRIs: exact but for a collision chance of ~n²/2⁵⁴ (negligible at Hub
// scale), and 16 bytes per subject (off the JavaScript heap) instead of the IRI itself.

import type { Quad } from '@rdfjs/types';
import { NS } from '../vocab.js';
import { NumberSet } from '../util/number-set.js';

const RDF_TYPE = NS.rdf + 'type';

export class GraphStats {
  triples = 0;
  distinctSubjects = 0;
  readonly classes = new Map<string, number>();
  readonly properties = new Map<string, number>();
  /** First subject seen of each class, for void:exampleResource. */
  readonly examples = new Map<string, string>();
  private lastSubject: string | undefined;
  private readonly subjectHashes = new NumberSet();

  add(quad: Quad): void {
    this.triples++;
    const subject = quad.subject.value;
    if (subject !== this.lastSubject) {
      this.lastSubject = subject;
      if (this.subjectHashes.add(hash53(subject))) this.distinctSubjects++;
    }
    const p = quad.predicate.value;
    this.properties.set(p, (this.properties.get(p) ?? 0) + 1);
    if (p === RDF_TYPE) {
      const c = quad.object.value;
      this.classes.set(c, (this.classes.get(c) ?? 0) + 1);
      if (!this.examples.has(c)) this.examples.set(c, subject);
    }
  }

  toJSON(): object {
    const sorted = (m: Map<string, number>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));
    return {
      triples: this.triples,
      distinctSubjects: this.distinctSubjects,
      classes: sorted(this.classes),
      properties: sorted(this.properties),
    };
  }
}

/** A 53-bit string hash (two 32-bit multiplicative hashes combined), safe as a JS number key. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
