// **vocab** names every RDF namespace and every term of our ontology once; code never spells an IRI by hand.
// ontology/huggingkg.ttl is the authoritative definition of the hkg: terms listed here (a test keeps them in sync).

export const NS = {
  hkg: 'https://w3id.org/huggingkg/ontology#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  schema: 'https://schema.org/',
  dcterms: 'http://purl.org/dc/terms/',
  dcat: 'http://www.w3.org/ns/dcat#',
  prov: 'http://www.w3.org/ns/prov#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  sioc: 'http://rdfs.org/sioc/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  void: 'http://rdfs.org/ns/void#',
  sh: 'http://www.w3.org/ns/shacl#',
  sd: 'http://www.w3.org/ns/sparql-service-description#',
  vann: 'http://purl.org/vocab/vann/',
  fair4ml: 'https://w3id.org/fair4ml#',
  mls: 'http://www.w3.org/ns/mls#',
  org: 'http://www.w3.org/ns/org#',
  spdx: 'http://spdx.org/licenses/',
} as const;

/** The ontology namespace is fixed: it never depends on the deployment's base IRI. */
export const HKG = NS.hkg;
export const DEFAULT_BASE = 'https://w3id.org/huggingkg/';

const hkg = (local: string) => HKG + local;
const schema = (local: string) => NS.schema + local;

/** Classes of the eight entity kinds, plus the reified lineage step and task modality groups. */
export const CLASS = {
  Model: hkg('Model'),
  Dataset: hkg('Dataset'),
  Space: hkg('Space'),
  Collection: hkg('Collection'),
  Paper: hkg('Paper'),
  User: hkg('User'),
  Organization: hkg('Organization'),
  Task: hkg('Task'),
  /** A qualified lineage step (derived model -> base), saying which relation and where the Hub learned it. */
  Derivation: hkg('Derivation'),
  /** A modality group of tasks (nlp, cv, audio, multimodal, tabular, rl, other), a skos:Concept. */
  Modality: hkg('Modality'),
  /**
   * Build-time statistic: how many tasked entities carry a tag, and how many of them have one task (src/stats/tags.ts).
   */
  TagTaskStatistic: hkg('TagTaskStatistic'),
  /** Build-time statistic: models and datasets created in one year with one task (src/stats/task-years.ts). */
  TaskYearStatistic: hkg('TaskYearStatistic'),
  /** Build-time statistic: how many tasked entities have a word in their name, and how many of them have one task
   * (src/stats/name-tokens.ts); a kind of TagTaskStatistic whose tag is a name word. */
  NameTokenTaskStatistic: hkg('NameTokenTaskStatistic'),
  /** Build-time statistic: how many tasked datasets have a word among their card words, and how many of them have one
   * task (src/stats/card-words.ts); a kind of TagTaskStatistic whose tag is a card word. */
  CardWordTaskStatistic: hkg('CardWordTaskStatistic'),
  /** Build-time statistic: of the derived-base pairs whose base has one task, how many derived models have another
   * (src/stats/lineage-tasks.ts); a kind of TagTaskStatistic whose tag is the base's task. */
  LineageTaskStatistic: hkg('LineageTaskStatistic'),
  /** Build-time statistic: how many links to a popular entity one property makes, a VoID subset of its document
   * (src/stats/link-counts.ts). */
  IncomingLinkCount: hkg('IncomingLinkCount'),
  /** Build-time statistic: how many links from a popular entity one property makes (src/stats/link-counts.ts). */
  OutgoingLinkCount: hkg('OutgoingLinkCount'),
  /** Build-time statistic: one of an item's most co-liked items, with the co-like count (src/stats/co-likes.ts); the
   * range of hkg:coLikeNeighbour (the nodes carry no rdf:type, to keep the dump small). */
  CoLikeNeighbour: hkg('CoLikeNeighbour'),
} as const;

/** Our own object properties (domain/range defined in the ontology). */
export const OBJ = {
  derivedFrom: hkg('derivedFrom'),
  /**
   * The lineage closure, computed at build time (src/stats/lineage-closure.ts): the model itself and every model above
   * it.
   */
  ancestorOrSelf: hkg('ancestorOrSelf'),
  fineTunedFrom: hkg('fineTunedFrom'),
  adapterOf: hkg('adapterOf'),
  mergedFrom: hkg('mergedFrom'),
  quantizedFrom: hkg('quantizedFrom'),
  trainedOn: hkg('trainedOn'),
  task: hkg('task'),
  cites: hkg('cites'),
  usesModel: hkg('usesModel'),
  usesDataset: hkg('usesDataset'),
  contains: hkg('contains'),
  publishedBy: hkg('publishedBy'),
  authoredBy: hkg('authoredBy'),
  ownedBy: hkg('ownedBy'),
  likes: hkg('likes'),
  follows: hkg('follows'),
  memberOf: hkg('memberOf'),
  /** Derivation -> relation property it qualifies (hkg:fineTunedFrom, ...). */
  derivationType: hkg('derivationType'),
  /** Derivation -> how the Hub knows: hkg:CardDeclared or hkg:HubInferred or hkg:CardBaseModel. */
  derivationEvidence: hkg('derivationEvidence'),
  /** Derivation -> base model (like prov:entity, kept as our own term with a range). */
  baseModel: hkg('baseModel'),
  /** Model/Dataset -> the license as an SPDX IRI when the Hub id is an SPDX id. */
  spdxLicense: hkg('spdxLicense'),
  /** TagTaskStatistic -> the task it counts. */
  forTask: hkg('forTask'),
  /** LineageTaskStatistic -> the base models' task it counts after. */
  baseTask: hkg('baseTask'),
  /** Model/Dataset/Space -> one of its co-like neighbours (src/stats/co-likes.ts). */
  coLikeNeighbour: hkg('coLikeNeighbour'),
  /** CoLikeNeighbour -> the item liked with it. */
  coLikedItem: hkg('coLikedItem'),
} as const;

/** Individuals naming where a lineage edge came from. */
export const EVIDENCE = {
  /** The card stated base_model_relation explicitly. */
  CardDeclared: hkg('CardDeclared'),
  /** The card stated base_model; the Hub inferred the relation type (base_model:{rel}:{id} tag). */
  HubInferred: hkg('HubInferred'),
  /** Only cardData.base_model was found (no derived Hub tag): relation defaults to fine-tune unless stated. */
  CardBaseModel: hkg('CardBaseModel'),
} as const;

/** Datatype properties we own. */
export const DATA = {
  hubId: hkg('hubId'),
  downloads: hkg('downloads'),
  likeCount: hkg('likeCount'),
  library: hkg('library'),
  pipelineTag: hkg('pipelineTag'),
  region: hkg('region'),
  sdk: hkg('sdk'),
  sizeCategory: hkg('sizeCategory'),
  format: hkg('format'),
  dataModality: hkg('dataModality'),
  subTask: hkg('subTask'),
  /** Dataset: the name of a column (a feature) its card's dataset_info declares. */
  columnName: hkg('columnName'),
  arxivId: hkg('arxivId'),
  authorName: hkg('authorName'),
  upvotes: hkg('upvotes'),
  slug: hkg('slug'),
  username: hkg('username'),
  /** true when schema:description was cut to the size cap; the full card stays at hkg:cardUrl. */
  descriptionTruncated: hkg('descriptionTruncated'),
  /** IRI-valued but an annotation-like pointer to the raw README on the Hub. */
  cardUrl: hkg('cardUrl'),
  /**
   * Lineage statistics of a base model (src/stats/lineage.ts): computed from the graph's lineage edges at build time.
   */
  derivativeCount: hkg('derivativeCount'),
  derivativeRank: hkg('derivativeRank'),
  nameStem: hkg('nameStem'),
  /** TagTaskStatistic: the tag (a schema:keywords or hkg:library value), how many tasked entities carry it, and how
   * many of them have the statistic's task. */
  tagValue: hkg('tagValue'),
  tagCarriers: hkg('tagCarriers'),
  taggedCount: hkg('taggedCount'),
  /** TaskYearStatistic: the year, the models and datasets created in it with the task, and those with any task. */
  year: hkg('year'),
  modelCount: hkg('modelCount'),
  datasetCount: hkg('datasetCount'),
  yearModelCount: hkg('yearModelCount'),
  yearDatasetCount: hkg('yearDatasetCount'),
  /** NameTokenTaskStatistic: the word of entity names it counts. */
  nameToken: hkg('nameToken'),
  /** CardWordTaskStatistic: the card word it counts. */
  cardWordValue: hkg('cardWordValue'),
  /** Dataset: one of its card words (src/stats/card-words.ts), and how many of them have statistics. */
  cardWord: hkg('cardWord'),
  cardWordCount: hkg('cardWordCount'),
  /** Task: how many models / datasets have it (the prior of classify-task; src/stats/name-tokens.ts). */
  taskedModelCount: hkg('taskedModelCount'),
  taskedDatasetCount: hkg('taskedDatasetCount'),
  /** Task: its count over the sum of all tasks' counts, per kind (classify-task's prior, read without summing). */
  taskedModelShare: hkg('taskedModelShare'),
  taskedDatasetShare: hkg('taskedDatasetShare'),
  /** Model/Dataset/Space: rank by hkg:likeCount among the graph's 100 most liked (src/stats/likes.ts). */
  likeRank: hkg('likeRank'),
  /** CoLikeNeighbour: how many accounts like both items (src/stats/co-likes.ts). */
  coLikes: hkg('coLikes'),
  /** Model/Dataset: its neighbour counts, the divisors of classify-task's shares (src/stats/neighbour-counts.ts). */
  /** Written by statistics versions 2 to 5 (the tags' number), replaced by tagWeight. */
  tagCount: hkg('tagCount'),
  tagWeight: hkg('tagWeight'),
  nameWordCount: hkg('nameWordCount'),
  baseCount: hkg('baseCount'),
  grandBaseCount: hkg('grandBaseCount'),
  baseTaskCount: hkg('baseTaskCount'),
  siblingCount: hkg('siblingCount'),
  trainingSetCount: hkg('trainingSetCount'),
  traineeCount: hkg('traineeCount'),
  coTraineeCount: hkg('coTraineeCount'),
  coPublishedTaskedCount: hkg('coPublishedTaskedCount'),
  /** The VoID dataset: the version of the build-time statistics it carries (src/stats/statistics-version.ts). */
  statisticsVersion: hkg('statisticsVersion'),
} as const;

/** Standard terms we reuse for attributes (never given a domain/range by us). */
export const STD = {
  type: NS.rdf + 'type',
  label: NS.rdfs + 'label',
  comment: NS.rdfs + 'comment',
  name: schema('name'),
  description: schema('description'),
  url: schema('url'),
  dateCreated: schema('dateCreated'),
  dateModified: schema('dateModified'),
  datePublished: schema('datePublished'),
  license: schema('license'),
  keywords: schema('keywords'),
  inLanguage: schema('inLanguage'),
  alternateName: schema('alternateName'),
  skosPrefLabel: NS.skos + 'prefLabel',
  skosBroader: NS.skos + 'broader',
  skosInScheme: NS.skos + 'inScheme',
  skosNotation: NS.skos + 'notation',
  qualifiedDerivation: NS.prov + 'qualifiedDerivation',
  primaryTopic: NS.foaf + 'primaryTopic',
  inDataset: NS.void + 'inDataset',
  /** A repository's old name and its current one (src/mapper/renames.ts). */
  sameAs: NS.owl + 'sameAs',
  /** A paper's title (besides schema:name, which every entity has). */
  title: NS.dcterms + 'title',
} as const;

/** The SKOS concept scheme of tasks (modalities are its top concepts). */
export const TASK_SCHEME = hkg('TaskScheme');

/** Modality groups as used by @huggingface/tasks (their keys), as concepts in the ontology namespace. */
export function modalityIri(modality: string): string {
  return hkg('modality-' + modality.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
}

export const XSD = {
  string: NS.xsd + 'string',
  integer: NS.xsd + 'integer',
  double: NS.xsd + 'double',
  nonNegativeInteger: NS.xsd + 'nonNegativeInteger',
  dateTime: NS.xsd + 'dateTime',
  date: NS.xsd + 'date',
  boolean: NS.xsd + 'boolean',
  anyURI: NS.xsd + 'anyURI',
  language: NS.xsd + 'language',
} as const;

const XSD_INTEGER_NAMES = [
  'integer',
  'nonNegativeInteger',
  'positiveInteger',
  'nonPositiveInteger',
  'negativeInteger',
  'long',
  'int',
  'short',
  'byte',
  'unsignedLong',
  'unsignedInt',
  'unsignedShort',
  'unsignedByte',
];
/** XSD's integer datatypes (xsd:integer and every type derived from it). */
export const XSD_INTEGER_TYPES: ReadonlySet<string> = new Set(XSD_INTEGER_NAMES.map((t) => NS.xsd + t));
/** XSD's numeric datatypes: the integer types, decimal, double and float. */
export const XSD_NUMERIC_TYPES: ReadonlySet<string> = new Set(
  [...XSD_INTEGER_NAMES, 'decimal', 'double', 'float'].map((t) => NS.xsd + t),
);

/** Prefix map for Turtle output and HTML display. */
export const PREFIXES: Record<string, string> = { ...NS };
