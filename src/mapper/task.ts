// **task** maps a task (tasks.jsonl / HuggingKG tasks.json `{id, label, modality?}`, or the @huggingface/tasks list)
// to an Entity: a hkg:Task that is also a skos:Concept in hkg:TaskScheme, skos:broader its modality group.

import { defaultTasks, MODALITIES } from '../hub/tasks.js';
import { NS, STD, TASK_SCHEME, modalityIri } from '../vocab.js';
import type { Entity, RecordContext } from './entity.js';
import { iri, lit } from './props.js';
import { str, requiredId, type Obj } from './values.js';

export interface TaskFacts {
  id: string;
  label?: string;
  modality?: string;
}

const SKOS_CONCEPT = NS.skos + 'Concept';

export function describeTask(f: TaskFacts): Entity {
  const props: Entity['props'] = [];
  lit(props, STD.skosPrefLabel, f.label ?? f.id);
  iri(props, STD.skosInScheme, TASK_SCHEME);
  if (f.modality !== undefined && f.modality !== '') iri(props, STD.skosBroader, modalityIri(f.modality));
  return { kind: 'task', id: f.id, name: f.label ?? f.id, types: [SKOS_CONCEPT], props, edges: [] };
}

/** The modality of a known task id in @huggingface/tasks (used when a tasks file gives none). */
const DEFAULT_MODALITY: ReadonlyMap<string, string> = new Map(defaultTasks().map((t) => [t.id, t.modality]));

export function taskFromRecord(raw: Obj, ctx: RecordContext): TaskFacts | undefined {
  const id = requiredId(raw, 'id', 'task', ctx);
  if (id === undefined) return undefined;
  ctx.id = id;
  return { id, label: str(raw, 'label', ctx), modality: str(raw, 'modality', ctx) ?? DEFAULT_MODALITY.get(id) };
}

/** Modality group concepts: label by modality key. */
export const MODALITY_LABEL: ReadonlyMap<string, string> = new Map(MODALITIES.map((m) => [m.id, m.label]));

export { defaultTasks };
