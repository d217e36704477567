// **records** describes what the inputs hold: the raw Hub API bodies of a snapshot, the HuggingKG release items,
// and the positioned record both readers hand to the mapper. Raw shapes are documentation, not guarantees:
// every field is optional and checked by the mapper (a new or odd Hub field never breaks a build).

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

/** Fields every Hub repo (model, dataset, space) has in its API record. */
interface HubRepo {
  id: string;
  author?: string;
  createdAt?: string;
  lastModified?: string;
  likes?: number;
  tags?: string[];
  /** Added by the crawler: README.md text. */
  readme?: string;
}

/** `GET /api/models/{id}` (fields the mapper reads). */
export interface HubModel extends HubRepo {
  downloads?: number;
  pipeline_tag?: string;
  library_name?: string;
  cardData?: {
    base_model?: string | string[];
    base_model_relation?: string;
    license?: string | string[];
    language?: string | string[];
    library_name?: string;
    [key: string]: unknown;
  };
  siblings?: { rfilename: string }[];
}

/** `GET /api/datasets/{id}`: tags carry task_categories:, task_ids:, size_categories:, format:, modality:, language:, license:. */
export interface HubDataset extends HubRepo {
  downloads?: number;
  cardData?: Record<string, unknown>;
}

/** `GET /api/spaces/{id}`. */
export interface HubSpace extends HubRepo {
  sdk?: string;
  models?: string[];
  datasets?: string[];
}

/** `GET /api/collections/{slug}`. */
export interface HubCollection {
  slug: string;
  title?: string;
  description?: string;
  upvotes?: number;
  lastUpdated?: string;
  owner?: { name: string; type: 'user' | 'org'; fullname?: string };
  items?: { type: 'model' | 'dataset' | 'space' | 'paper' | 'collection'; id: string; slug?: string }[];
}

/** `GET /api/papers/{arxiv_id}`. */
export interface HubPaper {
  id: string;
  title?: string;
  summary?: string;
  publishedAt?: string;
  upvotes?: number;
  authors?: { name: string; user?: { user: string; fullname?: string } }[];
}

/** `GET /api/users/{name}/overview`. */
export interface HubUserOverview {
  user: string;
  fullname?: string;
}

/** `GET /api/organizations/{name}/overview`. */
export interface HubOrgOverview {
  name: string;
  fullname?: string;
}

/** A Hub list of accounts (likers, followers, members): items carry `user` (the account name). */
export interface HubAccountRef {
  user: string;
  fullname?: string;
  type?: string;
}

/** likes.jsonl line. */
export interface LikesLine {
  repoType: 'model' | 'dataset' | 'space';
  repoId: string;
  likers: HubAccountRef[];
}

/** follows.jsonl line. */
export interface FollowsLine {
  kind: 'user' | 'org';
  name: string;
  followers: HubAccountRef[];
}

/** members.jsonl line. */
export interface MembersLine {
  org: string;
  members: HubAccountRef[];
}

/** tasks.jsonl line (and the shape of @huggingface/tasks' list). */
export interface TaskLine {
  id: string;
  label?: string;
  modality?: string;
}
