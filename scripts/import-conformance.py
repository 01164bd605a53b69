#!/usr/bin/env python3
"""Turns the shared conformance sample (spec/../conformance/flow.json) into the project's own fixture,
tests/fixtures/flow.json: each case keeps its name, area, reason, source, confidence and notes, and carries
a Scenario in iamsim's own input format (design.md §3) plus the expected decision as iamsim spells it.

Decoy policies (SCPs of the resource's account, RCPs of the principal's account) are dropped: the spec says
they MUST NOT be applied, and a Scenario has no slot for them. Usage: scripts/import-conformance.py SRC DST
"""
import json
import sys

DECISIONS = {"Allow": "allowed", "ExplicitDeny": "explicitDeny", "ImplicitDeny": "implicitDeny", "Error": "error"}
REQUEST_FIELDS = ("principal", "action", "resource", "resourceAccount", "resourceInManagementAccount", "context")


def policy(ref):
    out = {"id": ref["id"]}
    out["document"] = ref["documentText"] if "documentText" in ref else ref["document"]
    for key in ("source", "group", "type"):
        if key in ref:
            out[key] = ref[key]
    return out


def scenario(case):
    pol = {}
    for slot, value in case["policies"].items():
        if slot in ("identity", "session"):
            pol[slot] = [policy(p) for p in value]
        elif slot in ("permissionsBoundary", "resource"):
            pol[slot] = policy(value)
        elif slot in ("scp", "rcp"):
            pol[slot] = [[policy(p) for p in level] for level in value]
    request = {k: v for k, v in case["request"].items() if k in REQUEST_FIELDS}
    return {"request": request, "policies": pol}


def main(src, dst):
    data = json.load(open(src))
    cases = []
    for case in data["cases"]:
        out = {k: case[k] for k in ("name", "area", "reason", "source", "confidence", "notes") if k in case}
        out["expected"] = DECISIONS[case["expected"]]
        dropped = sorted(set(case["policies"]) & {"resourceAccountScp", "principalAccountRcp"})
        if dropped:
            out["droppedDecoys"] = dropped
        extra = sorted(set(case["request"]) - set(REQUEST_FIELDS))
        if extra:
            out["droppedRequestFields"] = {k: case["request"][k] for k in extra}
        out["scenario"] = scenario(case)
        cases.append(out)
    json.dump({"origin": "shared conformance sample flow.json, schemaVersion %s" % data["schemaVersion"],
               "accounts": data["accounts"], "cases": cases}, open(dst, "w"), indent=1)
    open(dst, "a").write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
