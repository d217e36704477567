// **GraphStats** counts what VoID describes while the dump streams past: triples, subjects, class and property partitions.
// Distinct subjects are counted as subject changes, which is exact because the mapper writes an entity's triples together.

import type { Quad } from '@rdfjs/types';
import { NS } from '../vocab.js';

const RDF_TYPE = NS.rdf + 'type';

export class GraphStats {
  triples = 0;
  distinctSubjects = 0;
  readonly classes = new Map<string, number>();
  readonly properties = new Map<string, number>();
  /** First subject seen of each class, for void:exampleResource. */
  readonly examples = new Map<string, string>();
  private lastSubject: string | undefined;

  add(quad: Quad): void {
    this.triples++;
    const subject = quad.subject.value;
    if (subject !== this.lastSubject) {
      this.distinctSubjects++;
      this.lastSubject = subject;
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
