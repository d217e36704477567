// **validate** is SHACL validation of RDF files against shapes/huggingkg.shacl.ttl (or other shapes), in batches.

export { validateFiles, GraphIndex, type ValidateOptions } from './validate.js';
export { formatSummary, type ValidationSummary, type ValidationGroup } from './report.js';
export { loadShapes } from './shapes.js';
export { blankNodeScope } from './rdf-input.js';
