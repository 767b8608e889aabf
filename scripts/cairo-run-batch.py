"""Run cairo-lang's cairo-run on many programs in one Python process (imports paid once).

Usage: .tools/cairo-lang/bin/python scripts/cairo-run-batch.py JOBS.json
JOBS.json is a list of {"args": [cairo-run arguments...], "status": "path/status.json"}; for each
job this calls cairo-run's own `main()` with those arguments and writes {"ok": bool, "error": str}
to the status file. Used by test/unit/vm/cairo0-reference.test.ts to fill its cache.
"""
import contextlib
import io
import json
import sys

from starkware.cairo.lang.vm.cairo_run import main


def run(args):
    sys.argv = ["cairo-run", *args]
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main()
    except BaseException as e:  # a crash of one program must not stop the batch
        return {"ok": False, "error": f"{type(e).__name__}: {e}"}
    if code:
        lines = [x for x in err.getvalue().strip().splitlines() if x.strip()]
        return {"ok": False, "error": " | ".join(lines[-3:])}
    return {"ok": True}


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    for job in jobs:
        with open(job["status"], "w") as f:
            json.dump(run(job["args"]), f)
