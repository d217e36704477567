// **warm-up**: the query each embedded query worker runs once after loading (query-worker.ts), so that oxigraph's
// WebAssembly is compiled before the first real query rather than during it (embedded.ts has V8 compile it optimised,
// on first use). It reaches the operators queries commonly use (sub-select, OPTIONAL, BIND with string functions and
// regular expressions, FILTER NOT EXISTS over a property path, MINUS, VALUES, aggregates, ORDER BY) and reads at most
// 200 triples, their subjects' names and their objects' types. At F = 0.1 it takes ~0.7 s once per process, and the
// first predict-base-model after it ~130 ms instead of ~780 ms.

import { STD } from '../vocab.js';

export const WARM_UP_QUERY = `SELECT ?s (COUNT(DISTINCT ?o) AS ?n) (SUM(IF(BOUND(?name), 1, 0)) AS ?named)
  (GROUP_CONCAT(?t; separator=" ") AS ?all)
WHERE {
  { SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 200 }
  OPTIONAL { ?s <${STD.name}> ?name }
  OPTIONAL { ?o a ?type }
  BIND(COALESCE(REPLACE(CONCAT("/", STR(?o)), "^/([^/]*)(.*)$", "$2", "s"), "") AS ?t)
  FILTER(!REGEX(?t, "^zz") && (CONTAINS(LCASE(?t), "a") || STRLEN(?t) >= 0 || ?p IN (<urn:x:a>, <urn:x:b>)))
  FILTER NOT EXISTS { ?s (<urn:x:c>|<urn:x:d>)+ ?o }
  MINUS { ?s <urn:x:e> ?o }
  VALUES ?k { 1 2 }
} GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT 5`;
