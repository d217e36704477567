// **tasks** is the Hub's task taxonomy (pipeline tags grouped by modality) as shipped in @huggingface/tasks.
// The mapper uses it when a snapshot has no tasks.jsonl; the ontology's SKOS scheme is generated from it.

import { MODALITIES as HF_MODALITIES, MODALITY_LABELS, PIPELINE_DATA } from '@huggingface/tasks';

export interface TaskInfo {
  /** The pipeline tag, e.g. `text-classification`. */
  id: string;
  /** Display name, e.g. `Text Classification`. */
  label: string;
  /** Modality key, e.g. `nlp` (see MODALITIES). */
  modality: string;
}

/** Modality groups in the library's order, with their display labels. */
export const MODALITIES: { id: string; label: string }[] = HF_MODALITIES.map((id) => ({
  id,
  label: MODALITY_LABELS[id],
}));

/** Every pipeline tag the library knows, in its declaration order (stable across calls). */
export function defaultTasks(): TaskInfo[] {
  return Object.entries(PIPELINE_DATA).map(([id, data]) => ({ id, label: data.name, modality: data.modality }));
}
