// The page's view of the embedded AWS service data (services, actions, condition keys), asked of the
// simulator's worker and kept here once answered, so completion and hover never run wasm on the page's
// own thread and ask the worker each question once. A question the worker could not answer (it was
// restarting) is not kept: the next one asks again.

/** `aws:ResourceTag/${TagKey}` -> `aws:ResourceTag/`; `s3:ExistingObjectTag/<key>` -> `s3:ExistingObjectTag/`. */
export function keyStem(name) {
  const m = /\$\{|</.exec(name);
  return m ? name.slice(0, m.index) : name;
}

/** The service prefix of an action or a condition key, lowercase (`S3:GetObject` -> `s3`); '' for none. */
export function prefixOf(name) {
  const i = name.indexOf(':');
  return i > 0 ? name.slice(0, i).toLowerCase() : '';
}

const MAX_KEPT = 500; // expansions and descriptions kept; the oldest go first

export class ServiceData {
  /** `ask({ fn, arg, limit })` -> Promise of the worker's answer, or null when it had none. */
  constructor(ask) {
    this.ask = ask;
    this.once = new Map(); // fn -> Promise (services, condition keys)
    this.kept = new Map(); // `${fn}\u0000${arg}` -> Promise
  }

  cached(map, key, query, limit = Infinity) {
    let p = map.get(key);
    if (!p) {
      p = this.ask(query).then((value) => {
        if (value === null || value === undefined) map.delete(key);
        return value ?? null;
      });
      map.set(key, p);
      if (map.size > limit) map.delete(map.keys().next().value);
    }
    return p;
  }

  /** Every service: [{ prefix, name }], sorted by prefix. */
  services() {
    return this.cached(this.once, 'servicePrefixes', { fn: 'servicePrefixes' }).then((v) => v || []);
  }

  /** Every condition key: [{ name, type, global }], sorted by name. */
  conditionKeys() {
    return this.cached(this.once, 'conditionKeys', { fn: 'conditionKeys' }).then((v) => v || []);
  }

  /** A service's actions (`s3` -> ['s3:AbortMultipartUpload', ...]); [] for an unknown prefix. */
  actionsOf(prefix) {
    const p = prefix.toLowerCase();
    return this.cached(this.kept, `actions\u0000${p}`, { fn: 'expandAction', arg: `${p}:*` }, MAX_KEPT).then((v) => v || []);
  }

  /** What a pattern matches: { count, actions } with at most `limit` names. */
  expansion(pattern, limit = 30) {
    return this.cached(this.kept, `expand\u0000${limit}\u0000${pattern}`, { fn: 'expandAction', arg: pattern, limit }, MAX_KEPT);
  }

  /** describeAction's answer: { name, accessLevel, serviceName, resourceTypes, conditionKeys } or null. */
  describe(action) {
    // null is a real answer here (unknown action), so it is kept under its own wrapper.
    const key = `describe\u0000${action.toLowerCase()}`;
    return this.cached(this.kept, key, { fn: 'describeAction', arg: action }, MAX_KEPT).then((v) => (v ? v.info : null));
  }

  /**
   * Condition keys that apply to a request's action, for the context editor: the action's own keys and
   * its resource types' keys first, then every global key. [] of the first kind for an unknown action.
   */
  async keysForAction(action) {
    const [all, info] = await Promise.all([this.conditionKeys(), action ? this.describe(action) : null]);
    const own = new Map();
    for (const k of info ? [...info.conditionKeys, ...info.resourceTypes.flatMap((r) => r.conditionKeys)] : []) own.set(k.name, k);
    return { own: [...own.values()], global: all.filter((k) => k.global && !own.has(k.name)) };
  }
}
