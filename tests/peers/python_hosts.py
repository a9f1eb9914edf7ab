"""The official Python bindings (PyPI `XenAPI`, XML-RPC) against the demo server's host
operations (maintenance, reboot, a new coordinator).

Run by tests/peers/hosts.rs with PYTHONPATH pointing at the pinned install under target/.
Logs in at a pool member (HOST_IS_SLAVE naming the coordinator, as XenAPI.py scripts expect
it), reads what blocks evacuation, is refused a reboot of an enabled host, disables a host
and evacuates it as a task. Prints one JSON object with what it saw.
"""
import json
import os
import time

import XenAPI

url, member, password = os.environ["XAPI_URL"], os.environ["XAPI_MEMBER_URL"], os.environ["XAPI_PASSWORD"]
out = {}

try:
    XenAPI.Session(member).xenapi.login_with_password("root", password, "2.21", "python-hosts-peer")
    out["member_login"] = "accepted"
except XenAPI.Failure as f:
    out["member_login"] = f.details

session = XenAPI.Session(url)
session.xenapi.login_with_password("root", password, "2.21", "python-hosts-peer")
api = session.xenapi
hosts = {api.host.get_name_label(h): h for h in api.host.get_all()}
h1, h2 = hosts["xcp-host-01"], hosts["xcp-host-02"]

blocking = api.host.get_vms_which_prevent_evacuation(h1)
out["blocking_codes"] = sorted(set(reason[0] for reason in blocking.values()))
out["blocking_count"] = len(blocking)

try:
    api.host.reboot(h2)
    out["reboot_enabled"] = "accepted"
except XenAPI.Failure as f:
    out["reboot_enabled"] = f.details

api.host.disable(h2)
task = api.Async.host.evacuate(h2)
for _ in range(600):
    status = api.task.get_status(task)
    if status not in ("pending", "cancelling"):
        break
    time.sleep(0.02)
out["evacuate_status"] = status
out["left_on_h2"] = len(api.host.get_resident_VMs(h2))
out["allowed"] = sorted(api.host.get_allowed_operations(h2))
session.xenapi.session.logout()
print(json.dumps(out))
