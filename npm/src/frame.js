// Reads a simulation result out of wasm memory, where the core wrote it as a frame (the layout, and why
// there is one, are in src/api/result_frame.rs). It builds the same plain object JSON.parse would build from
// the result's JSON text, with the properties in the same order, at a quarter of the cost: simulate is the
// throughput path, and parsing its JSON was a tenth of a prepared call. Explanations still come as JSON.

const OK = 1;
const DECISION = 2;
const REASON = 4;
const REASON_CODE = 8;
const MATCHED = 16;
const MISSING = 32;
const LEVEL = 1;
const SID = 2;
const SOURCE = 1;
const RANGE = 2;

/**
 * A function that turns a frame's address (what `simulateFrame` returns) into the result object. The
 * glue must be initialised before the first call; the labels and the memory are fetched then, once.
 */
export function createFrameReader(glue) {
  // ignoreBOM: a string that starts with U+FEFF keeps it, as JSON.parse would keep it.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let labels;
  let memory;
  let buffer;
  let bytes;
  let view;
  let at = 0;

  const u8 = () => bytes[at++];
  const u32 = () => {
    const n = view.getUint32(at, true);
    at += 4;
    return n;
  };
  const str = () => {
    const length = u32();
    const start = at;
    at += length;
    return decoder.decode(bytes.subarray(start, at));
  };
  const position = () => ({ line: u32(), column: u32() });
  const range = () => ({ start: position(), end: position() });

  function matchedStatement() {
    const policyType = labels.policyType[u8()];
    const flags = u8();
    const effect = labels.effect[u8()];
    const m = { policyType, policyId: str(), input: str() };
    if (flags & LEVEL) m.level = u32();
    m.statementIndex = u32();
    if (flags & SID) m.sid = str();
    m.effect = effect;
    m.range = range();
    return m;
  }

  function diagnostic() {
    const severity = labels.severity[u8()];
    const flags = u8();
    const d = { severity, code: str(), message: str() };
    if (flags & SOURCE) d.source = str();
    if (flags & RANGE) d.range = range();
    return d;
  }

  function list(item) {
    const n = u32();
    const items = [];
    for (let i = 0; i < n; i++) items.push(item());
    return items;
  }

  return function readFrame(address) {
    if (labels === undefined) {
      labels = JSON.parse(glue.frameLabelsJson());
      memory = glue.wasmMemory();
    }
    // The memory's buffer is replaced whenever the module grows its memory: views are remade then.
    if (memory.buffer !== buffer) {
      buffer = memory.buffer;
      bytes = new Uint8Array(buffer);
      view = new DataView(buffer);
    }
    at = address + 4;
    const flags = u8();
    const result = { ok: (flags & OK) !== 0 };
    if (flags & DECISION) result.decision = labels.decision[u8()];
    if (flags & REASON) result.reason = str();
    if (flags & REASON_CODE) result.reasonCode = str();
    if (flags & MATCHED) result.matchedStatements = list(matchedStatement);
    if (flags & MISSING) result.missingContextKeys = list(str);
    result.diagnostics = list(diagnostic);
    return result;
  };
}
