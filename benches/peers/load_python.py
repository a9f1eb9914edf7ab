"""Times the official Python bindings fetching every record class the app loads.
Prints {"seconds": s, "objects": n}; the interpreter's start-up is not counted."""
import json, os, sys, time
import XenAPI

CLASSES = ["pool", "host", "host_metrics", "VM", "VM_metrics", "VM_guest_metrics", "network",
           "PIF", "PIF_metrics", "VIF", "SR", "PBD", "VDI", "VBD", "Bond", "VLAN", "task"]
t0 = time.perf_counter()
s = XenAPI.Session(os.environ["XAPI_URL"])
s.xenapi.login_with_password("root", os.environ["XAPI_PASSWORD"], "2.21", "bench")
n = sum(len(getattr(s.xenapi, c).get_all_records()) for c in CLASSES)
t1 = time.perf_counter()
s.xenapi.session.logout()
json.dump({"seconds": t1 - t0, "objects": n}, sys.stdout)
