// **wasm-memory** remembers the linear memory of the first WebAssembly instance this thread creates (oxigraph's, in a
// query worker), so the worker can say how big its memory has grown: a WebAssembly memory never shrinks, and the pool
// replaces a worker that a query left past its cap. Imported before oxigraph, whose loader instantiates on import.

let memory: WebAssembly.Memory | undefined;

const Instance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(Instance, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget) as WebAssembly.Instance;
    const exported = instance.exports.memory;
    if (memory === undefined && exported instanceof WebAssembly.Memory) memory = exported;
    return instance;
  },
});

/** Bytes of linear memory the thread's WebAssembly instance holds (0 before one exists). */
export function wasmMemoryBytes(): number {
  return memory?.buffer.byteLength ?? 0;
}
