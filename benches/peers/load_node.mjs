// Times Xen Orchestra's xen-api fetching every record class the app loads.
// Prints {"seconds": s, "objects": n}; node's start-up is not counted.
import { createClient } from 'xen-api'

const CLASSES = ['pool', 'host', 'host_metrics', 'VM', 'VM_metrics', 'VM_guest_metrics', 'network',
  'PIF', 'PIF_metrics', 'VIF', 'SR', 'PBD', 'VDI', 'VBD', 'Bond', 'VLAN', 'task']
const t0 = performance.now()
const xapi = createClient({
  url: process.env.XAPI_URL,
  auth: { user: 'root', password: process.env.XAPI_PASSWORD },
  watchEvents: false,
})
await xapi.connect()
let n = 0
for (const c of CLASSES) n += Object.keys(await xapi.call(`${c}.get_all_records`)).length
const t1 = performance.now()
await xapi.disconnect()
process.stdout.write(JSON.stringify({ seconds: (t1 - t0) / 1000, objects: n }))
