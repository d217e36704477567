// **lines**: counting line ends in raw bytes (decompressed N-Triples), without decoding them.

/** The number of '\n' bytes in `bytes`. */
export function countLines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}
