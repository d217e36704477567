// **records** is the positioned record both readers (snapshot and HuggingKG release) hand to the mapper. The raw
// values are unknown on purpose: every field is checked by the mapper (a new or odd Hub field never breaks a build).

/** One record read from an input file, with where it came from (for warnings that name file and line). */
export interface SourceRecord {
  /** File name relative to the input directory, e.g. `models.jsonl`. */
  file: string;
  /** 1-based line where the record starts. */
  line: number;
  /** The parsed JSON value; undefined when the line was not valid JSON (then `error` says why). */
  value?: unknown;
  error?: string;
  /** What the reader changed to keep the record (a cut string, NaN read as null), for warnings. */
  notes?: string[];
  /** Something wrong with the line that did not stop it being read (e.g. invalid UTF-8). */
  warning?: string;
}
