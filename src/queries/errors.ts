// **Canned-query errors**: a bad request (unknown query, bad parameter) vs a broken query file; /api maps the first to
// 400.

/** The caller asked for something wrong: an unknown query name, an unknown, missing or malformed parameter. */
export class QueryParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryParamError';
  }
}

/** An unknown query name (a QueryParamError, so 400 by default; /api answers 404 for it). */
export class UnknownQueryError extends QueryParamError {
  constructor(
    readonly queryName: string,
    known: string[],
  ) {
    super(`unknown query ${JSON.stringify(queryName)}; known queries: ${known.join(', ')}`);
    this.name = 'UnknownQueryError';
  }
}

/** A queries/*.rq file whose header or SPARQL is broken: names the file and what is wrong. */
export class QueryFileError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'QueryFileError';
  }
}
