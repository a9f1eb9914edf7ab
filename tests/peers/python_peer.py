"""The official Python bindings (PyPI `XenAPI`, XML-RPC) against the demo server.

Run by tests/peers.rs with PYTHONPATH pointing at the pinned install under target/.
Prints one JSON object with what it saw; the Rust test checks it against the server's state.
"""
import json
import os
import sys
import xmlrpc.client

import XenAPI

CLASSES = ["pool", "host", "host_metrics", "VM", "VM_metrics", "VM_guest_metrics", "network",
           "PIF", "PIF_metrics", "VIF", "SR", "PBD", "VDI", "VBD", "Bond", "VLAN", "task"]

url, password, vm_name = os.environ["XAPI_URL"], os.environ["XAPI_PASSWORD"], os.environ["XAPI_VM"]
out = {"xenapi_version": getattr(XenAPI, "__version__", None)}

session = XenAPI.Session(url)
session.xenapi.login_with_password("root", password, "2.21", "python-peer")
api = session.xenapi
out["session_ok"] = session.handle.startswith("OpaqueRef:")

out["counts"] = {cls: len(getattr(api, cls).get_all_records()) for cls in CLASSES}

vm = api.VM.get_by_name_label(vm_name)[0]
pool = api.pool.get_all()[0]
# Token first, as Xen Orchestra does: events after it are seen by event.from.
token = api.event.inject("pool", pool)
api.VM.add_to_other_config(vm, "peer-python", "set by XenAPI.py")
try:
    api.VM.add_to_other_config(vm, "peer-python", "again")
    out["duplicate"] = None
except XenAPI.Failure as failure:
    out["duplicate"] = failure.details
out["other_config"] = api.VM.get_other_config(vm).get("peer-python")

seen = None
for _ in range(5):
    reply = api.event.__getattr__("from")(["vm"], token, 5.0)
    token = reply["token"]
    for ev in reply["events"]:
        if ev["ref"] == vm and ev["operation"] == "mod":
            seen = ev["snapshot"]["other_config"].get("peer-python")
    if seen is not None:
        break
out["event_saw"] = seen

handle = session.handle
session.xenapi.session.logout()
raw = xmlrpc.client.ServerProxy(url)
out["after_logout"] = raw.VM.get_all(handle).get("ErrorDescription")

json.dump(out, sys.stdout)
