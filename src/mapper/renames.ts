// **renames** links a repository's old name to its current one with owl:sameAs, from what the Hub gives: a rename the
// crawler saw (renames.jsonl: the Hub answered a request for one id with a record of another), and a legacy one-segment
// id whose record names its owner (`gpt2` by `openai-community`) when `owner/id` is in the snapshot too (the Hub moved
// its legacy ids into their owners' namespaces, so both records describe one repository).

import type { EntityKind } from '../iri.js';
import type { RecordContext } from './entity.js';
import { REPO_TYPES } from './user.js';
import { idProblem, type Obj } from './values.js';

export interface Rename {
  kind: EntityKind;
  /** The old name. */
  from: string;
  /** The current name. */
  to: string;
}

export class RenameIndex {
  private readonly explicit: Rename[] = [];
  /** `kind id` of one-segment ids -> the owner their record names. Few: only the Hub's oldest repositories. */
  private readonly legacy = new Map<string, { kind: EntityKind; id: string; owner: string }>();

  /** A repository record: remembered when its id is a legacy one-segment id and it names another owner. */
  noteRepo(kind: EntityKind, raw: Obj): void {
    const { id, author } = raw;
    if (typeof id !== 'string' || id.includes('/') || typeof author !== 'string') return;
    if (author === '' || author === id || idProblem(kind, `${author}/${id}`) !== undefined) return;
    this.legacy.set(`${kind} ${id}`, { kind, id, owner: author });
  }

  /** A renames.jsonl line: `{"repoType": "model", "from": OLD, "to": NEW}`; a bad one is skipped with a warning. */
  noteRename(raw: Obj, ctx: RecordContext): void {
    const kind =
      typeof raw.repoType === 'string' && REPO_TYPES.has(raw.repoType) ? (raw.repoType as EntityKind) : undefined;
    if (kind === undefined) {
      ctx.warn(`rename with repoType ${JSON.stringify(raw.repoType)} (model, dataset or space): skipped`);
      return;
    }
    for (const key of ['from', 'to'] as const) {
      const problem = idProblem(kind, raw[key]);
      if (problem !== undefined) {
        ctx.warn(`rename with an invalid "${key}" (${problem}): skipped`);
        return;
      }
    }
    if (raw.from === raw.to) return;
    this.explicit.push({ kind, from: raw.from as string, to: raw.to as string });
  }

  /** Every rename, once the snapshot is read: `described` says which ids the snapshot describes. */
  *renames(described: (kind: EntityKind, id: string) => boolean): Generator<Rename> {
    const seen = new Set<string>();
    const once = (r: Rename) => {
      const key = `${r.kind} ${r.from} ${r.to}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    for (const r of this.explicit) if (once(r)) yield r;
    for (const { kind, id, owner } of this.legacy.values()) {
      const r = { kind, from: id, to: `${owner}/${id}` };
      if (described(kind, r.to) && once(r)) yield r;
    }
  }
}
