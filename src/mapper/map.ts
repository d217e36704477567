// **mapper** is the public API: a snapshot directory (raw Hub API records) or a HuggingKG release (zip or folder) in,
// a deterministic stream of RDF/JS quads out, with counts. Files are read in a fixed order, records in file order,
// line by line; only id sets grow with the input (to write stubs for link targets nothing describes).
//
// Publisher rule (user or org): an account is an org when organizations.jsonl describes it, members.jsonl lists its
// members, follows.jsonl says `kind: org`, or a collection's owner says `type: org`; otherwise it is a user. All those
// files are read before the repositories (see SNAPSHOT_FILES), so the rule never depends on record order.

import type { Quad } from '@rdfjs/types';
import type { EntityKind } from '../iri.js';
import { readJsonArray, readTriples, type Release } from '../hub/release.js';
import { openRelease } from '../hub/release-locate.js';
import { listSnapshotFiles, readJsonLines, type InputFile } from '../hub/snapshot.js';
import type { SourceRecord } from '../hub/records.js';
import { LINEAGE, RELATIONS, RELATION_BY_NAME, type RelationSpec } from '../relations.js';
import { EVIDENCE } from '../vocab.js';
import { collectionFromHub, collectionFromRelease } from './collection.js';
import { datasetFromHub, datasetFromRelease } from './dataset.js';
import { Emitter } from './emit.js';
import { edge, type EdgeFact, type Entity, type RecordContext } from './entity.js';
import { modelFromHub, modelFromRelease } from './model.js';
import { orgFromHub, orgFromRelease } from './org.js';
import { paperFromHub, paperFromRelease } from './paper.js';
import { RenameIndex } from './renames.js';
import { spaceFromHub, spaceFromRelease } from './space.js';
import { defaultTasks, describeTask, MODALITY_LABEL, taskFromRecord, type TaskFacts } from './task.js';
import { DEFAULT_DESCRIPTION_MAX_CHARS } from './text.js';
import { followEdges, likeEdges, memberEdges, userFromHub, userFromRelease } from './user.js';
import { isObject, xmlText, type Obj } from './values.js';

export type { EntityKind };

export interface BuildWarning {
  file: string;
  line?: number;
  id?: string;
  message: string;
}

export interface MapOptions {
  /** Dataset base IRI, e.g. DEFAULT_BASE. */
  base: string;
  /** Size cap for schema:description (default 2000 characters). */
  descriptionMaxChars?: number;
  onWarning?: (w: BuildWarning) => void;
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
}

export interface MapStats {
  /** Lines (snapshot) or items (release) read per input file. */
  records: Record<string, number>;
  /** Described entities per kind. */
  entities: Record<EntityKind, number>;
  /** Edges per HuggingKG relation name (all 30 present, zero when absent). */
  relations: Record<string, number>;
  /** Link targets not described by the input, per kind (each written as a stub). */
  dangling: Record<EntityKind, number>;
  /** Records skipped (malformed, no id, duplicate). */
  skipped: number;
  warnings: number;
  /** What the input lost, counted per file and kind of loss (a field dropped or cut, a record or line skipped). */
  dropped: Record<string, number>;
  /** Notes on the input as found (a release's location, absent relation files). */
  notes: string[];
}

export interface MapRun {
  quads: AsyncIterable<Quad>;
  /** Complete once `quads` is exhausted. */
  stats: MapStats;
}

/** State of one mapping run shared by both inputs. */
class Mapping {
  readonly emitter: Emitter;
  readonly stats: MapStats;
  readonly renames = new RenameIndex();
  private readonly orgs = new Set<string>();
  private readonly taskIds = new Set<string>();
  private readonly taskByLabel = new Map<string, string>();
  private readonly maxChars: number;
  private bytesRead = 0;

  constructor(
    private readonly options: MapOptions,
    public bytesTotal: number,
  ) {
    this.emitter = new Emitter(options.base, (m) => MODALITY_LABEL.get(m));
    const s = this.emitter.stats;
    this.stats = {
      records: {},
      entities: s.entities,
      relations: s.relations,
      dangling: s.dangling,
      skipped: 0,
      warnings: 0,
      dropped: {},
      notes: [],
    };
    for (const r of RELATIONS) s.relations[r.name] = 0;
    this.maxChars = options.descriptionMaxChars ?? DEFAULT_DESCRIPTION_MAX_CHARS;
  }

  onBytes = (n: number): void => {
    this.bytesRead += n;
    this.options.onProgress?.(this.bytesRead, this.bytesTotal);
  };

  warn(w: BuildWarning): void {
    this.stats.warnings++;
    const key = `${w.file}: ${lossKind(w.message)}`;
    this.stats.dropped[key] = (this.stats.dropped[key] ?? 0) + 1;
    this.options.onWarning?.(w);
  }

  context(file: string, line?: number): RecordContext {
    const ctx: RecordContext = {
      file,
      line,
      warn: (message) => this.warn({ file, line, id: ctx.id, message }),
      isTask: (id) => this.taskIds.has(id),
      taskId: (v) => (this.taskIds.has(v) ? v : this.taskByLabel.get(v)),
      agentKind: (name) => (this.orgs.has(name) ? 'org' : 'user'),
      descriptionMaxChars: this.maxChars,
    };
    return ctx;
  }

  noteOrg(name: unknown): void {
    if (typeof name === 'string' && name !== '') this.orgs.add(name);
  }

  /** Adds a task to the index (for telling task tags apart) and writes it. */
  task(f: TaskFacts, out: Quad[], ctx?: RecordContext): void {
    this.taskIds.add(f.id);
    if (f.label !== undefined && !this.taskByLabel.has(f.label)) this.taskByLabel.set(f.label, f.id);
    this.entity(describeTask(f), out, ctx);
  }

  entity(e: Entity | undefined, out: Quad[], ctx?: RecordContext): void {
    if (e === undefined) {
      this.stats.skipped++;
      return;
    }
    xmlSafe(e, ctx);
    if (!this.emitter.entity(e, out)) {
      this.stats.skipped++;
      ctx?.warn(`duplicate ${e.kind} id ${JSON.stringify(e.id)}: record skipped (the first one is kept)`);
    }
  }

  edges(edges: EdgeFact[] | undefined, out: Quad[]): void {
    if (edges === undefined) {
      this.stats.skipped++;
      return;
    }
    for (const e of edges) this.emitter.edge(e, out);
  }

  count(file: string): void {
    this.stats.records[file] = (this.stats.records[file] ?? 0) + 1;
  }

  /** Checks a record is a JSON object; counts and warns otherwise. */
  object(rec: SourceRecord): Obj | undefined {
    this.count(rec.file);
    if (rec.error !== undefined) {
      this.stats.skipped++;
      this.warn({ file: rec.file, line: rec.line, message: `${rec.error}; record skipped` });
      return undefined;
    }
    if (rec.warning !== undefined) this.warn({ file: rec.file, line: rec.line, message: rec.warning });
    if (!isObject(rec.value)) {
      this.stats.skipped++;
      this.warn({ file: rec.file, line: rec.line, message: 'expected a JSON object; record skipped' });
      return undefined;
    }
    return rec.value;
  }

  defaultTasks(out: Quad[]): void {
    for (const t of defaultTasks()) this.task(t, out);
  }

  /** owl:sameAs from each old repository name to its current one, once every record is read. */
  *sameAs(): Generator<Quad[]> {
    for (const r of this.renames.renames((kind, id) => this.emitter.isDescribed(kind, id))) {
      const out: Quad[] = [];
      this.emitter.sameAs(r.kind, r.from, r.to, out);
      yield out;
    }
  }

  *stubs(): Generator<Quad[]> {
    yield* this.emitter.stubs();
  }
}

/** A warning's kind of loss, without the values it names: `field "createdAt": not a date-time`, `record skipped`. */
export function lossKind(message: string): string {
  const field = /^(field "[^"]+"): ([^:;]*)/.exec(message);
  const text = field ? `${field[1]}: ${field[2]}` : message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"');
  return text.replace(/\d+/g, 'N').trim().slice(0, 120);
}

/**
 * Cleans the entity's literals of characters XML 1.0 cannot hold (values.ts's xmlText), with a warning per field:
 * they would make RDF/XML and SPARQL XML results ill-formed. Ids and link targets were checked when read (idProblem).
 */
function xmlSafe(e: Entity, ctx: RecordContext | undefined): void {
  const clean = (field: string, v: string): string => {
    const { text, removed } = xmlText(v);
    if (removed.length > 0) {
      field = field.slice(Math.max(field.lastIndexOf('/'), field.lastIndexOf('#')) + 1);
      const list = [...new Set(removed)].slice(0, 5).join(', ');
      ctx?.warn(
        `${field}: ${removed.length} character(s) XML 1.0 cannot hold ` +
          `(${list}): controls and U+FFFE/U+FFFF removed, lone surrogates ` +
          `replaced by U+FFFD`,
      );
    }
    return text;
  };
  e.name = clean('name', e.name);
  for (const p of e.props) if ('v' in p) p.v = clean(p.p, p.v);
}

/** Flattens batches into single quads without an async-generator step per quad (the hot path of a build). */
function flatten(batches: AsyncGenerator<Quad[]>): AsyncIterable<Quad> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<Quad> {
      let batch: Quad[] = [];
      let i = 0;
      const pull = async (): Promise<IteratorResult<Quad>> => {
        for (;;) {
          const next = await batches.next();
          if (next.done) return { done: true, value: undefined };
          if (next.value.length > 0) {
            batch = next.value;
            i = 1;
            return { done: false, value: batch[0]! }; // the batch is not empty
          }
        }
      };
      return {
        next: () => (i < batch.length ? Promise.resolve({ done: false, value: batch[i++]! }) : pull()),
        return: async () => {
          await batches.return(undefined);
          return { done: true, value: undefined };
        },
      };
    },
  };
}

function totalBytes(files: InputFile[]): number {
  return files.reduce((n, f) => n + f.bytes, 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Snapshot

async function* snapshotQuads(m: Mapping, files: InputFile[]): AsyncGenerator<Quad[]> {
  const out: Quad[] = [];
  if (!files.some((f) => f.name === 'tasks.jsonl')) {
    m.defaultTasks(out);
    yield out.splice(0);
  }
  for (const file of files) {
    for await (const rec of readJsonLines(file, { onBytes: m.onBytes })) {
      const raw = m.object(rec);
      if (raw === undefined) continue;
      const ctx = m.context(rec.file, rec.line);
      try {
        snapshotRecord(m, file.name, raw, ctx, out);
      } catch (e) {
        out.length = 0;
        m.stats.skipped++;
        ctx.warn(`record skipped: ${(e as Error).message}`);
      }
      if (out.length > 0) yield out.splice(0);
    }
  }
  yield* m.sameAs();
  yield* m.stubs();
}

function snapshotRecord(m: Mapping, file: string, raw: Obj, ctx: RecordContext, out: Quad[]): void {
  switch (file) {
    case 'tasks.jsonl': {
      const t = taskFromRecord(raw, ctx);
      if (t) m.task(t, out, ctx);
      else m.stats.skipped++;
      return;
    }
    case 'organizations.jsonl': {
      const e = orgFromHub(raw, ctx);
      if (e) m.noteOrg(e.id);
      m.entity(e, out, ctx);
      return;
    }
    case 'users.jsonl':
      m.entity(userFromHub(raw, ctx), out, ctx);
      return;
    case 'members.jsonl':
      m.noteOrg(raw.org);
      m.edges(memberEdges(raw, ctx), out);
      return;
    case 'follows.jsonl':
      if (raw.kind === 'org') m.noteOrg(raw.name);
      m.edges(followEdges(raw, ctx), out);
      return;
    case 'collections.jsonl':
      if (isObject(raw.owner) && raw.owner.type === 'org') m.noteOrg(raw.owner.name);
      m.entity(collectionFromHub(raw, ctx), out, ctx);
      return;
    case 'models.jsonl':
      m.renames.noteRepo('model', raw);
      m.entity(modelFromHub(raw, ctx), out, ctx);
      return;
    case 'datasets.jsonl':
      m.renames.noteRepo('dataset', raw);
      m.entity(datasetFromHub(raw, ctx), out, ctx);
      return;
    case 'spaces.jsonl':
      m.renames.noteRepo('space', raw);
      m.entity(spaceFromHub(raw, ctx), out, ctx);
      return;
    case 'papers.jsonl':
      m.entity(paperFromHub(raw, ctx), out, ctx);
      return;
    case 'likes.jsonl':
      m.edges(likeEdges(raw, ctx), out);
      return;
    case 'renames.jsonl':
      m.renames.noteRename(raw, ctx);
      return;
  }
}

/** Maps a snapshot directory (docs/architecture.md: snapshot). Throws at once when `dir` is not a directory. */
export function mapSnapshot(dir: string, options: MapOptions): MapRun {
  const files = listSnapshotFiles(dir);
  const m = new Mapping(options, totalBytes(files));
  return { stats: m.stats, quads: flatten(snapshotQuads(m, files)) };
}

// ---------------------------------------------------------------------------------------------------------------
// HuggingKG release

const RELEASE_READERS: Record<EntityKind, ((raw: Obj, ctx: RecordContext) => Entity | undefined) | undefined> = {
  task: undefined, // handled by Mapping.task
  org: orgFromRelease,
  user: userFromRelease,
  model: modelFromRelease,
  dataset: datasetFromRelease,
  space: spaceFromRelease,
  paper: paperFromRelease,
  collection: collectionFromRelease,
};

/** HuggingKG wrote `paper_id` where src/relations.ts says `arxiv_id`; both are read. */
function endpoint(raw: Obj, key: string): unknown {
  return raw[key] ?? (key === 'arxiv_id' ? raw.paper_id : undefined);
}

const LINEAGE_SPECS: ReadonlySet<RelationSpec> = new Set(Object.values(LINEAGE));

/** An edge of HuggingKG's release; its lineage edges came from the Hub's derived tags, hence HubInferred. */
function releaseEdge(spec: RelationSpec, head: unknown, tail: unknown, ctx: RecordContext): EdgeFact | undefined {
  if (typeof head !== 'string' || typeof tail !== 'string') {
    ctx.warn(`${spec.name}: expected string "${spec.headKey}" and "${spec.tailKey}"; edge skipped`);
    return undefined;
  }
  return edge(ctx, spec, head, tail, LINEAGE_SPECS.has(spec) ? EVIDENCE.HubInferred : undefined);
}

async function* releaseQuads(m: Mapping, source: string | Release): AsyncGenerator<Quad[]> {
  const files = typeof source === 'string' ? await openRelease(source) : source;
  try {
    yield* releaseFileQuads(m, files);
  } finally {
    files.close();
  }
}

/** Notes on a record the reader had to change (a cut README, NaN as null), as warnings on that record. */
function readerNotes(rec: SourceRecord, ctx: RecordContext): void {
  for (const note of rec.notes ?? []) ctx.warn(note);
}

async function* releaseFileQuads(m: Mapping, files: Release): AsyncGenerator<Quad[]> {
  m.bytesTotal = totalBytes([...files.nodes, ...files.relations, ...(files.triples ? [files.triples] : [])]);
  const triplesFrom = files.triples ? `, ${files.triples.name} from ${files.triples.path}` : '';
  m.stats.notes.push(`HuggingKG release read from ${files.where}${triplesFrom}`, ...files.notes);
  const out: Quad[] = [];
  let tasks = 0;
  for (const file of files.nodes) {
    if (file.kind !== 'task' && tasks === 0) {
      // before the models, whose pipeline_tag holds task labels: no (or an empty) tasks.json means the Hub's own list
      m.stats.notes.push('no tasks in the release: the task list of @huggingface/tasks is used');
      m.defaultTasks(out);
      tasks = -1;
      yield out.splice(0);
    }
    for await (const rec of readJsonArray(file, { onBytes: m.onBytes })) {
      if (file.kind === 'task') tasks++;
      const raw = m.object(rec);
      if (raw === undefined) continue;
      const ctx = m.context(rec.file, rec.line);
      if (raw.id !== undefined && typeof raw.id === 'string') ctx.id = raw.id;
      readerNotes(rec, ctx);
      try {
        if (file.kind === 'task') {
          const t = taskFromRecord(raw, ctx);
          if (t) m.task(t, out, ctx);
          else m.stats.skipped++;
        } else {
          const e = RELEASE_READERS[file.kind]!(raw, ctx);
          if (e && file.kind === 'org') m.noteOrg(e.id);
          m.entity(e, out, ctx);
        }
      } catch (e) {
        out.length = 0;
        m.stats.skipped++;
        ctx.warn(`record skipped: ${(e as Error).message}`);
      }
      if (out.length > 0) yield out.splice(0);
    }
  }
  const withFile = new Set<string>();
  for (const file of files.relations) {
    withFile.add(file.relation);
    const spec = RELATION_BY_NAME.get(file.relation)!;
    for await (const rec of readJsonArray(file, { onBytes: m.onBytes })) {
      const raw = m.object(rec);
      if (raw === undefined) continue;
      const ctx = m.context(rec.file, rec.line);
      readerNotes(rec, ctx);
      const e = releaseEdge(spec, endpoint(raw, spec.headKey), endpoint(raw, spec.tailKey), ctx);
      if (e) m.emitter.edge(e, out);
      else m.stats.skipped++;
      if (out.length > 0) yield out.splice(0);
    }
  }
  if (files.triples) {
    const name = files.triples.name;
    for await (const t of readTriples(files.triples, { onBytes: m.onBytes })) {
      m.count(name);
      const ctx = m.context(name, t.line);
      if (t.warning !== undefined) ctx.warn(t.warning);
      if (t.error !== undefined) {
        m.stats.skipped++;
        ctx.warn(`${t.error}; line skipped`);
        continue;
      }
      const spec = RELATION_BY_NAME.get(t.relation!);
      if (!spec) {
        m.stats.skipped++;
        ctx.warn(`unknown relation ${JSON.stringify(t.relation)}; line skipped`);
        continue;
      }
      if (withFile.has(spec.name)) continue; // the relation's own JSON file already gave these edges
      const e = releaseEdge(spec, t.head, t.tail, ctx);
      if (e) m.emitter.edge(e, out);
      else m.stats.skipped++;
      if (out.length > 0) yield out.splice(0);
    }
  }
  yield* m.stubs();
}

/**
 * Maps a HuggingKG release: an opened one (see openRelease, which fails at once on an unusable path), or a path
 * opened when the quads are first read. The release is closed when the quads end.
 */
export function mapRelease(release: string | Release, options: MapOptions): MapRun {
  const m = new Mapping(options, 0);
  return { stats: m.stats, quads: flatten(releaseQuads(m, release)) };
}
