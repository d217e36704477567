#!/bin/sh
# Copies the W3C SPARQL 1.0 / 1.1 query test suites (manifests, queries, data, expected results in SPARQL XML / JSON
# and RDF) from ../shared/conformance into test/fixtures/w3c, for test/sparql-w3c-query.test.ts.
set -eu
SRC=${1:-../shared/conformance}
DST=test/fixtures/w3c
copy_dir() { # suite dir
  mkdir -p "$DST/$1/$2"
  find "$SRC/$1/$2" -maxdepth 1 -type f \( -name '*.rq' -o -name '*.ttl' -o -name '*.rdf' -o -name '*.nt' -o -name '*.srx' -o -name '*.srj' \) -exec cp {} "$DST/$1/$2/" \;
}
mkdir -p "$DST/sparql11-query" "$DST/sparql10-query"
cp "$SRC/sparql11-query/manifest-sparql11-query.ttl" "$DST/sparql11-query/"
for d in aggregates bind bindings cast construct exists functions grouping negation project-expression property-path subquery syntax-query syntax-fed; do
  copy_dir sparql11-query "$d"
done
cp "$SRC/sparql10-query/manifest-syntax.ttl" "$SRC/sparql10-query/manifest-evaluation.ttl" "$SRC/sparql10-query/LICENSE" "$DST/sparql10-query/"
for m in $(grep -o '<[a-z0-9-]*/manifest.ttl>' "$SRC/sparql10-query/manifest-syntax.ttl" "$SRC/sparql10-query/manifest-evaluation.ttl" | sed 's/.*<\(.*\)\/manifest.ttl>/\1/'); do
  copy_dir sparql10-query "$m"
done
