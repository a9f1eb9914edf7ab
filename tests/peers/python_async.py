"""The official Python bindings (PyPI `XenAPI`) running an Async call on the demo server.

Run by tests/peers/main.rs with PYTHONPATH pointing at the pinned install under target/.
Calls Async.VM.clone, waits on the task as XenAPI scripts do (polling its status and
progress), reads the result, cancels an Async.VM.copy, and lists alerts. Prints one JSON
object with what it saw.
"""
import json
import os
import sys
import time
import xmlrpc.client

import XenAPI

url, password, vm_name = os.environ["XAPI_URL"], os.environ["XAPI_PASSWORD"], os.environ["XAPI_VM"]
out = {}

session = XenAPI.Session(url)
session.xenapi.login_with_password("root", password, "2.21", "python-async-peer")
api = session.xenapi
vm = api.VM.get_by_name_label(vm_name)[0]


def wait(task):
    """Polls the task to its end; returns (final status, progress values seen)."""
    seen = []
    for _ in range(600):
        status = api.task.get_status(task)
        seen.append(float(api.task.get_progress(task)))
        if status not in ("pending", "cancelling"):
            return status, seen
        time.sleep(0.02)
    return "timeout", seen


task = api.Async.VM.clone(vm, "cloned by XenAPI.py")
out["task_ref"] = task.startswith("OpaqueRef:")
out["task_name"] = api.task.get_name_label(task)
status, seen = wait(task)
out["clone_status"] = status
out["progress_seen"] = seen
result = api.task.get_result(task)
# The result is an XML-RPC <value>, as xapi stores it.
(new_vm,), _ = xmlrpc.client.loads("<params><param>%s</param></params>" % result)
out["new_vm_name"] = api.VM.get_name_label(new_vm)
api.task.destroy(task)

task = api.Async.VM.copy(vm, "never finished", "OpaqueRef:NULL")
api.task.cancel(task)
status, _ = wait(task)
out["copy_status"] = status
out["copy_error"] = api.task.get_error_info(task)

# A failing Async call fails its task, not the call.
running = api.VM.get_by_name_label("web-01")[0]
task = api.Async.VM.start(running, False, False)
status, _ = wait(task)
out["start_status"] = status
out["start_error"] = api.task.get_error_info(task)

out["alerts"] = len(api.message.get_all_records())
session.xenapi.session.logout()
json.dump(out, sys.stdout)
