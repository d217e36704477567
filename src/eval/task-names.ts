// **task-names** are the three HuggingBench tasks `huggingkg eval` runs, in a module of their own so that the command
// can list them in --help without loading the evaluation (and the embedded store) itself.

/** The three tasks, in the order they run (a task's random stream is seeded by its place here). */
export const TASK_NAMES = ['rec', 'cls', 'trace'] as const;
export type TaskName = (typeof TASK_NAMES)[number];
