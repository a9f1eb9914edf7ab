// Xen Orchestra's client (npm `xen-api`) against the demo server.
// Run by tests/peers.rs from the pinned install under target/. Prints one JSON object.
import { createClient } from 'xen-api'

const CLASSES = ['pool', 'host', 'host_metrics', 'VM', 'VM_metrics', 'VM_guest_metrics', 'network',
  'PIF', 'PIF_metrics', 'VIF', 'SR', 'PBD', 'VDI', 'VBD', 'Bond', 'VLAN', 'task']

const { XAPI_URL: url, XAPI_PASSWORD: password, XAPI_VM: vmName } = process.env
const out = {}

const xapi = createClient({
  url,
  auth: { user: 'root', password },
  watchEvents: false,
  allowUnauthorized: false,
})
await xapi.connect()
out.session_ok = xapi.sessionId.startsWith('OpaqueRef:')

out.counts = {}
for (const cls of CLASSES) {
  out.counts[cls] = Object.keys(await xapi.call(`${cls}.get_all_records`)).length
}

const [vm] = await xapi.call('VM.get_by_name_label', vmName)
const token0 = await xapi.call('event.inject', 'pool', xapi.pool.$ref)
await xapi.call('VM.add_to_other_config', vm, 'peer-node', 'set by xen-api')
try {
  await xapi.call('VM.add_to_other_config', vm, 'peer-node', 'again')
  out.duplicate = null
} catch (error) {
  out.duplicate = [error.code, ...error.params]
}
out.other_config = (await xapi.call('VM.get_other_config', vm))['peer-node'] ?? null

let token = token0
out.event_saw = null
for (let i = 0; i < 5 && out.event_saw === null; i++) {
  const reply = await xapi.call('event.from', ['vm'], token, 5.1)
  token = reply.token
  for (const ev of reply.events) {
    if (ev.ref === vm && ev.operation === 'mod') {
      out.event_saw = ev.snapshot.other_config['peer-node'] ?? null
    }
  }
}

const sessionId = xapi.sessionId
await xapi.disconnect()
out.session_id = sessionId
process.stdout.write(JSON.stringify(out))
