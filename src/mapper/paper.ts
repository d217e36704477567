// **paper** maps a Hub paper (`GET /api/papers/{arxiv_id}`, or a HuggingKG papers.json item) to an Entity:
// arXiv id, title (dcterms:title and schema:name), summary, author names, publication date, upvotes; edges:
// authors with a Hub account (`authors[].user.user`) as hkg:authoredBy.

import { DATA, STD, XSD } from '../vocab.js';
import { edge, pushEdges, type Entity, type RecordContext } from './entity.js';
import { rel } from './model.js';
import { description, integer, lit, lits } from './props.js';
import {
  count,
  dateTime,
  isObject,
  longText,
  objList,
  str,
  strList,
  requiredId,
  MAX_NAME_CHARS,
  type Obj,
} from './values.js';

export interface PaperFacts {
  id: string;
  title?: string;
  summary?: string;
  publishedAt?: string;
  upvotes?: number;
  authors: string[];
}

export function describePaper(f: PaperFacts, ctx: RecordContext): Entity {
  const props: Entity['props'] = [];
  lit(props, DATA.arxivId, f.id);
  // The title as such (schema:name falls back to the arXiv id when the Hub gave no title).
  lit(props, STD.title, f.title);
  lit(props, STD.datePublished, f.publishedAt, XSD.dateTime);
  integer(props, DATA.upvotes, f.upvotes);
  lits(props, DATA.authorName, f.authors);
  description(props, f.summary, ctx, { field: 'summary' });
  return { kind: 'paper', id: f.id, name: f.title ?? f.id, props, edges: [] };
}

export function paperFromHub(raw: Obj, ctx: RecordContext): Entity | undefined {
  const id = requiredId(raw, 'id', 'paper', ctx);
  if (id === undefined) return undefined;
  ctx.id = id;
  const authors = objList(raw, 'authors', ctx);
  const names: string[] = [];
  const accounts: string[] = [];
  for (const a of authors) {
    const name = str(a, 'name', ctx, MAX_NAME_CHARS);
    if (name !== undefined && name.trim() !== '' && !names.includes(name)) names.push(name);
    const user = isObject(a.user) && typeof a.user.user === 'string' ? a.user.user : undefined;
    if (user !== undefined && !accounts.includes(user)) accounts.push(user);
  }
  const entity = describePaper(
    {
      id,
      title: str(raw, 'title', ctx),
      summary: longText(raw, 'summary', ctx),
      publishedAt: dateTime(raw, 'publishedAt', ctx),
      upvotes: count(raw, 'upvotes', ctx),
      authors: names,
    },
    ctx,
  );
  for (const u of accounts) pushEdges(entity.edges, edge(ctx, rel('user_publish_paper'), u, id));
  return entity;
}

export function paperFromRelease(raw: Obj, ctx: RecordContext): Entity | undefined {
  const id = requiredId(raw, 'id', 'paper', ctx);
  if (id === undefined) return undefined;
  ctx.id = id;
  return describePaper(
    {
      id,
      title: str(raw, 'title', ctx),
      summary: longText(raw, 'summary', ctx),
      publishedAt: dateTime(raw, raw.publishedAt !== undefined ? 'publishedAt' : 'published_at', ctx),
      upvotes: count(raw, 'upvotes', ctx),
      authors: strList(raw, 'authors', ctx, MAX_NAME_CHARS),
    },
    ctx,
  );
}
